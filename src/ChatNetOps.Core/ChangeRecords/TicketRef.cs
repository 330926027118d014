namespace ChatNetOps.Core.ChangeRecords;

/// <summary>A ticket in a remote system: its internal id (sys_id, issue id), what people call it (CHG0031234, NET-123) and its link.</summary>
public sealed record TicketRef(string Id, string Number, Uri? Url);
