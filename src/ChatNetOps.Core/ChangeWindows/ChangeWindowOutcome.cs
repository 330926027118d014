namespace ChatNetOps.Core.ChangeWindows;

using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>What a change-window command did; the dialog renders each case.</summary>
public abstract record ChangeWindowOutcome
{
    private ChangeWindowOutcome()
    {
    }

    /// <summary>Opened and bound to the conversation; <paramref name="Acknowledgers"/> may acknowledge it.</summary>
    public sealed record Opened(ChangeWindow Window, IReadOnlyList<Member> Acknowledgers) : ChangeWindowOutcome;

    /// <summary>Acknowledged or rejected by the caller (the window's <see cref="ChangeWindow.Acknowledgement"/> says which).</summary>
    public sealed record Decided(ChangeWindow Window) : ChangeWindowOutcome;

    /// <summary>Someone else decided it first: the window's acknowledgement names who.</summary>
    public sealed record AlreadyDecided(ChangeWindow Window) : ChangeWindowOutcome;

    public sealed record Closed(ChangeWindow Window) : ChangeWindowOutcome;

    /// <summary>Nothing waits for this decision or action any more (closed, ended).</summary>
    public sealed record NotPending(ChangeWindow Window, string Message) : ChangeWindowOutcome;

    public sealed record Refused(DenialReason Reason, string Message) : ChangeWindowOutcome;
}
