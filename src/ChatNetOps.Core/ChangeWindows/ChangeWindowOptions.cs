namespace ChatNetOps.Core.ChangeWindows;

using System.ComponentModel.DataAnnotations;

/// <summary>The <c>ChangeWindows</c> section: limits on windows opened from chat.</summary>
public sealed class ChangeWindowOptions
{
    public const string SectionName = "ChangeWindows";

    /// <summary>The longest window <c>change open</c> accepts.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "31.00:00:00")]
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long after it closes a conversation still answers as the window's (so a late run is told which window closed, and when).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan ClosedBindingGrace { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The most devices one window may name.</summary>
    [Range(1, 200)]
    public int MaxDevices { get; set; } = 50;
}
