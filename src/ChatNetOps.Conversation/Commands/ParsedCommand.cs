namespace ChatNetOps.Conversation.Commands;

/// <summary>A chat command line after parsing: one case per verb of the grammar, or <see cref="Invalid"/>.</summary>
public abstract record ParsedCommand
{
    private ParsedCommand()
    {
    }

    /// <summary><c>help</c>, or <c>help &lt;runbook&gt;</c> for one runbook's inputs.</summary>
    public sealed record Help(string? Runbook) : ParsedCommand;

    public sealed record Runbooks : ParsedCommand;

    public sealed record Devices(string? Group) : ParsedCommand;

    /// <summary><c>run &lt;runbook&gt; key=value…</c> or the shorthand <c>&lt;runbook&gt; key=value…</c>.</summary>
    public sealed record Run(string Runbook, IReadOnlyDictionary<string, string> Inputs, string? Incident) : ParsedCommand;

    /// <summary><c>status &lt;id&gt; [--json]</c>; without an id, the caller's open requests.</summary>
    public sealed record Status(string? RequestId, bool Json) : ParsedCommand;

    public sealed record Locks : ParsedCommand;

    /// <summary><c>notify R-… | DEVICE</c>: tell me once when that lock is released.</summary>
    public sealed record Notify(string Target) : ParsedCommand;

    public sealed record Cancel(string RequestId) : ParsedCommand;

    public sealed record Approve(string RequestId) : ParsedCommand;

    /// <summary><c>reject &lt;id&gt; &lt;reason&gt;</c>: the reason is required.</summary>
    public sealed record Reject(string RequestId, string Reason) : ParsedCommand;

    public sealed record IncidentOpen(string IncidentId, string Title, int? Severity) : ParsedCommand;

    /// <summary><c>incident close "resolution"</c>; without the note the bot asks for it.</summary>
    /// <param name="Incident">The incident to close when the conversation holds several (<c>incident close ALR-… "note"</c>).</param>
    public sealed record IncidentClose(string? Resolution = null, string? Incident = null) : ParsedCommand;

    /// <summary><c>incident show [INC-…]</c>; without an id, the incident this conversation is bound to.</summary>
    public sealed record IncidentShow(string? IncidentId) : ParsedCommand;

    /// <summary><c>incident severity INC-1234 N</c>: proposes a severity; a confirmer decides it.</summary>
    public sealed record IncidentSeverity(string IncidentId, int Severity) : ParsedCommand;

    /// <summary><c>incident attach R-…</c>: a finished read-only run joins this conversation's incident.</summary>
    public sealed record IncidentAttach(string RequestId) : ParsedCommand;

    /// <summary><c>timeline [INC-…] [page N]</c>; without an id, the incident this conversation is bound to. Pages count from 1.</summary>
    public sealed record Timeline(string? IncidentId, int Page = 1) : ParsedCommand;

    /// <summary><c>report [7d|30d]</c>: the operations report over the last <paramref name="Days"/> days.</summary>
    public sealed record Report(int Days) : ParsedCommand;

    /// <summary><c>change open ID "summary" start=… end=… devices=a,b|group=G [type=normal|standard] [template=…]</c>; times are parsed against the clock by the handler.</summary>
    public sealed record ChangeOpen(string Id, string Summary, string Start, string End, IReadOnlyList<string> DeviceNames, string? Group, string? Type, string? Template) : ParsedCommand;

    public sealed record ChangeClose(string? Id) : ParsedCommand;

    public sealed record ChangeShow(string? Id) : ParsedCommand;

    public sealed record ChangeList : ParsedCommand;

    /// <summary>The line could not be understood; <see cref="Message"/> says why and suggests the nearest name.</summary>
    public sealed record Invalid(string Message) : ParsedCommand
    {
        /// <summary>The usage event's reason: <c>InvalidCommand</c>, or <c>RawCommand</c> for a raw CLI line.</summary>
        public string Reason { get; init; } = "InvalidCommand";
    }
}
