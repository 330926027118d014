namespace ChatNetOps.Core.ChangeWindows;

/// <summary>The change in a ticketing system a window stands for: its number (the window's id), its key there, its type and a link.</summary>
public sealed record ChangeTicket(string System, string Number, string Key, string Type)
{
    public string? Link { get; init; }

    /// <summary>The ticket's state there when it was read or created (e.g. <c>Scheduled</c>, <c>Implement</c>).</summary>
    public string? State { get; init; }
}
