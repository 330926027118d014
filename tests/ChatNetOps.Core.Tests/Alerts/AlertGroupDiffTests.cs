namespace ChatNetOps.Core.Tests.Alerts;

using ChatNetOps.Core.Alerts;
using ChatNetOps.Testing;

/// <summary>Alertmanager sends the whole group each time (notify/webhook): only real changes count.</summary>
public sealed class AlertGroupDiffTests
{
    private static readonly DateTimeOffset T0 = TestData.Epoch;

    [Fact]
    public void FirstNotification_EveryAlertIsAChange()
    {
        var diff = Apply(Empty(), Notification(T0, ("a", AlertStatus.Firing, T0), ("b", AlertStatus.Resolved, T0.AddMinutes(-5))));

        Assert.Equal(["a"], diff.Fired.Select(a => a.Fingerprint));
        Assert.Equal(["b"], diff.Resolved.Select(a => a.Fingerprint));
        Assert.Null(diff.Updated.ResolvedAt);
    }

    [Fact]
    public void RepeatOfTheSameGroup_IsNoChange()
    {
        var first = Apply(Empty(), Notification(T0, ("a", AlertStatus.Firing, T0), ("b", AlertStatus.Firing, T0)));

        var repeat = Apply(first.Updated, Notification(T0.AddHours(4), ("a", AlertStatus.Firing, T0), ("b", AlertStatus.Firing, T0)));

        Assert.True(repeat.IsEmpty);
    }

    [Fact]
    public void OneResolves_OnlyItChanges_AndTheGroupStillFires()
    {
        var first = Apply(Empty(), Notification(T0, ("a", AlertStatus.Firing, T0), ("b", AlertStatus.Firing, T0)));

        var next = Apply(first.Updated, Notification(T0.AddMinutes(5), ("a", AlertStatus.Firing, T0), ("b", AlertStatus.Resolved, T0)));

        Assert.Empty(next.Fired);
        Assert.Equal(["b"], next.Resolved.Select(a => a.Fingerprint));
        Assert.True(next.Updated.IsFiring);
        Assert.Null(next.Updated.ResolvedAt);
    }

    [Fact]
    public void AllResolved_SetsResolvedAt_AndAResolvedAlertNoLongerSentIsKept()
    {
        var first = Apply(Empty(), Notification(T0, ("a", AlertStatus.Firing, T0), ("b", AlertStatus.Firing, T0)));
        var partly = Apply(first.Updated, Notification(T0.AddMinutes(5), ("a", AlertStatus.Firing, T0), ("b", AlertStatus.Resolved, T0)));

        // Alertmanager drops b after sending it resolved once.
        var all = Apply(partly.Updated, Notification(T0.AddMinutes(10), ("a", AlertStatus.Resolved, T0)));

        Assert.Equal(["a"], all.Resolved.Select(a => a.Fingerprint));
        Assert.Equal(T0.AddMinutes(10), all.Updated.ResolvedAt);
        Assert.Equal(2, all.Updated.Alerts.Count);
        Assert.False(all.Updated.IsFiring);
    }

    [Fact]
    public void FiresAgain_WithANewStart_IsAChange_AndClearsResolvedAt()
    {
        var first = Apply(Empty(), Notification(T0, ("a", AlertStatus.Firing, T0)));
        var resolved = Apply(first.Updated, Notification(T0.AddMinutes(5), ("a", AlertStatus.Resolved, T0)));

        var again = Apply(resolved.Updated, Notification(T0.AddMinutes(8), ("a", AlertStatus.Firing, T0.AddMinutes(7))));

        Assert.Equal(["a"], again.Fired.Select(a => a.Fingerprint));
        Assert.Null(again.Updated.ResolvedAt);
    }

    [Fact]
    public void LateOlderNotification_DoesNotUndoANewerState()
    {
        var first = Apply(Empty(), Notification(T0, ("a", AlertStatus.Firing, T0.AddMinutes(7))));

        var late = Apply(first.Updated, Notification(T0.AddMinutes(1), ("a", AlertStatus.Resolved, T0)));

        Assert.True(late.IsEmpty);
    }

    private static AlertGroup Empty() => new(AlertSource.Alertmanager, "g", "default", T0);

    private static AlertGroupDiff Apply(AlertGroup group, AlertNotification notification) =>
        AlertGroupDiff.Apply(group, notification, a => new TrackedAlert(a.Fingerprint, a.Status, a.StartsAt, a.EndsAt, a.Labels));

    private static AlertNotification Notification(DateTimeOffset at, params (string Fingerprint, AlertStatus Status, DateTimeOffset StartsAt)[] alerts) =>
        new(AlertSource.Alertmanager, "n", "g", AlertStatus.Firing,
            [.. alerts.Select(a => new AlertItem(a.Fingerprint, a.Status, new Dictionary<string, string>(), new Dictionary<string, string>(), a.StartsAt, a.Status == AlertStatus.Resolved ? at : null))],
            at);
}
