namespace ChatNetOps.Core.ChangeRecords;

/// <summary>
/// Told by the <see cref="ChangeRecordDispatcher"/> when an incident's ticket comes to exist (created, or found after an
/// interrupted create) and its mapping is stored, e.g. so chat cards posted before it existed can show its link. Called
/// in the process that delivered the event; a failure is logged and does not hold back the delivery.
/// </summary>
public interface IChangeTicketListener
{
    Task TicketLinkedAsync(string incident, string sink, TicketRef ticket, CancellationToken cancellationToken);
}
