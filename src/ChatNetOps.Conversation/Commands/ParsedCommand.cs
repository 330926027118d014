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

    public sealed record Status(string RequestId, bool Json) : ParsedCommand;

    public sealed record Locks : ParsedCommand;

    public sealed record Cancel(string RequestId) : ParsedCommand;

    public sealed record Approve(string RequestId) : ParsedCommand;

    public sealed record Reject(string RequestId, string? Reason) : ParsedCommand;

    public sealed record IncidentOpen(string IncidentId, string Title, int? Severity) : ParsedCommand;

    /// <summary><c>incident close "resolution"</c>; without the note the bot asks for it.</summary>
    public sealed record IncidentClose(string? Resolution = null) : ParsedCommand;

    /// <summary><c>incident show [INC-…]</c>; without an id, the incident this conversation is bound to.</summary>
    public sealed record IncidentShow(string? IncidentId) : ParsedCommand;

    /// <summary><c>incident severity INC-1234 N</c>: proposes a severity; a confirmer decides it.</summary>
    public sealed record IncidentSeverity(string IncidentId, int Severity) : ParsedCommand;

    /// <summary><c>incident attach R-…</c>: a finished read-only run joins this conversation's incident.</summary>
    public sealed record IncidentAttach(string RequestId) : ParsedCommand;

    /// <summary><c>timeline [INC-…]</c>; without an id, the incident this conversation is bound to.</summary>
    public sealed record Timeline(string? IncidentId) : ParsedCommand;

    /// <summary><c>change open ID "summary" start=… end=… devices=a,b|group=G [type=normal|standard] [template=…]</c>; times are parsed against the clock by the handler.</summary>
    public sealed record ChangeOpen(string Id, string Summary, string Start, string End, IReadOnlyList<string> DeviceNames, string? Group, string? Type, string? Template) : ParsedCommand;

    public sealed record ChangeClose(string? Id) : ParsedCommand;

    public sealed record ChangeShow(string? Id) : ParsedCommand;

    public sealed record ChangeList : ParsedCommand;

    /// <summary>The line could not be understood; <see cref="Message"/> says why and suggests the nearest name.</summary>
    public sealed record Invalid(string Message) : ParsedCommand;
}
