namespace ChatNetOps.Core.ChangeWindows;

/// <summary>
/// The ticketing system change windows stand for (ServiceNow's Change Management): <c>change open CHG0031234 …</c>
/// references an existing change by number, <c>change open new …</c> creates one whose number becomes the window's id.
/// Registered with the change-record sinks; used only while <see cref="Enabled"/>.
/// </summary>
public interface IChangeTicketing
{
    /// <summary>The system's name, for messages and the audit trail (<c>ServiceNow</c>).</summary>
    string System { get; }

    /// <summary>Whether windows use it: <c>ChangeRecords:Sink</c> names this system.</summary>
    bool Enabled { get; }

    /// <summary>The change numbered <paramref name="number"/>; null when the system has none.</summary>
    Task<ChangeTicket?> FindAsync(string number, CancellationToken cancellationToken);

    /// <summary>Creates a change of <see cref="ChangeWindowDraft.Type"/> for <paramref name="draft"/> and returns it with its number.</summary>
    Task<ChangeTicket> CreateAsync(ChangeWindowDraft draft, string requestedBy, CancellationToken cancellationToken);
}
