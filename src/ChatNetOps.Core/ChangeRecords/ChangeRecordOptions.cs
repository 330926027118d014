namespace ChatNetOps.Core.ChangeRecords;

using System.ComponentModel.DataAnnotations;
using ChatNetOps.Core.Audit;

/// <summary>The <c>ChangeRecords</c> section: which sink receives incident events, which events, and how delivery retries.</summary>
public sealed class ChangeRecordOptions
{
    public const string SectionName = "ChangeRecords";

    /// <summary>The events sent when <see cref="Events"/> is not set.</summary>
    public static readonly IReadOnlyList<AuditKind> DefaultEvents =
    [
        AuditKind.IncidentOpened,
        AuditKind.Requested,
        AuditKind.ApprovalRequested,
        AuditKind.Approved,
        AuditKind.Rejected,
        AuditKind.Expired,
        AuditKind.Cancelled,
        AuditKind.Started,
        AuditKind.Succeeded,
        AuditKind.Failed,
        AuditKind.TimedOut,
        AuditKind.Interrupted,
        AuditKind.IncidentClosed,
    ];

    /// <summary><c>ServiceNow</c>, <c>Jira</c>, <c>Webhook</c>, or <c>None</c> (the default: nothing is queued).</summary>
    public string Sink { get; set; } = "None";

    /// <summary>Comma-separated audit kinds to send (e.g. <c>IncidentOpened,Approved,Succeeded,Failed,IncidentClosed</c>); empty = <see cref="DefaultEvents"/>.</summary>
    public string? Events { get; set; }

    /// <summary>Attempts before an event that keeps failing transiently goes to the dead-letter list.</summary>
    [Range(1, 10_000)]
    public int MaxAttempts { get; set; } = 100;

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an attempt in progress holds its event: another dispatcher takes it over after this.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the dispatcher looks at the outbox when nothing wakes it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the console's <c>/quit</c> waits for the incident's pending events.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan QuitWait { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Sink) && !string.Equals(Sink, "None", StringComparison.OrdinalIgnoreCase);

    /// <summary>The subscribed kinds; throws with a fix-it message on an unknown name.</summary>
    public IReadOnlySet<AuditKind> SubscribedEvents()
    {
        if (string.IsNullOrWhiteSpace(Events))
        {
            return DefaultEvents.ToHashSet();
        }

        var kinds = new HashSet<AuditKind>();
        foreach (var name in Events.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<AuditKind>(name, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(name, out _))
            {
                throw new InvalidOperationException(
                    $"ChangeRecords:Events names '{name}', which is not an audit event kind; use a comma-separated list of: {string.Join(", ", Enum.GetNames<AuditKind>())}.");
            }

            kinds.Add(kind);
        }

        return kinds;
    }
}
