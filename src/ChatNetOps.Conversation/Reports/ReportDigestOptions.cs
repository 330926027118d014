namespace ChatNetOps.Conversation.Reports;

/// <summary>
/// The optional weekly digest (<c>Reports:Digest</c>): the report-summary card of the week before, posted to one
/// conversation once a week. Off while <see cref="Conversation"/> is not set.
/// </summary>
public sealed class ReportDigestOptions
{
    public const string SectionName = "Reports:Digest";

    /// <summary><c>slack:C0123ABCD</c>, <c>teams:19:…@thread.tacv2</c> (the bot must be in it); null: no digest.</summary>
    public string? Conversation { get; set; }

    /// <summary>The day it is due (UTC).</summary>
    public DayOfWeek DayOfWeek { get; set; } = DayOfWeek.Monday;

    /// <summary>The time of day it is due, UTC (<c>08:00</c>).</summary>
    public TimeOnly Time { get; set; } = new(8, 0);
}
