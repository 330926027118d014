namespace ChatNetOps.Core.ChangeWindows;

/// <summary>Where a change window is in its life: Scheduled → Open (at its start) → Closed (at its end or when closed).</summary>
public enum ChangeWindowState
{
    /// <summary>Opened in chat, its start still ahead: nothing state-changing runs in it yet.</summary>
    Scheduled,

    /// <summary>Between its start and its end, not closed: state-changing runbooks on its devices may run once it is acknowledged.</summary>
    Open,

    /// <summary>Past its end, closed with <c>change close</c>, or rejected: a run already started may finish, a new one is refused.</summary>
    Closed,
}
