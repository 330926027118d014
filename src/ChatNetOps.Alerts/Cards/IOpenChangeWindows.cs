namespace ChatNetOps.Alerts.Cards;

/// <summary>
/// Where the alert card learns of an open change window on its devices; <see cref="OpenChangeWindows"/> answers from the
/// change-window store ("CHG-2001 open until 22:30 UTC — summary").
/// </summary>
public interface IOpenChangeWindows
{
    /// <summary>An open change window covering any of <paramref name="devices"/>, described in one line; null when none.</summary>
    Task<string?> DescribeAsync(IReadOnlyList<string> devices, CancellationToken cancellationToken);
}
