namespace ChatNetOps.Cli.Tests.Reports;

using ChatNetOps.Core.Audit;
using ChatNetOps.Testing.Audit;

/// <summary>
/// One day of work with known answers: an incident, a read-only step, approved, failed, expired and rejected changes,
/// refusals, phrases not understood and lock contention. Times are the fake clock's, so every latency is exact.
/// </summary>
internal static class KnownTrail
{
    public const string Incident = "INC-42";

    public static readonly string[] Phrases = ["shwo int", "shwo int", "conf t", "=HYPERLINK(\"x\")"];

    public static async Task<Expected> WriteAsync(AuditScenario s)
    {
        var alice = AuditScenario.Member("alice");
        var bob = AuditScenario.Member("bob");
        var carol = AuditScenario.Member("carol");
        var dave = AuditScenario.Member("dave");
        var erin = AuditScenario.Member("erin");

        var opened = s.Time.GetUtcNow();
        await s.OpenIncidentAsync(Incident, "Core uplink flapping", 1, bob);
        s.Advance(TimeSpan.FromMinutes(2));
        var readOnlyAt = s.Time.GetUtcNow();
        var look = await s.RequestAsync(alice, "show-interface", "core-rtr-01", stateChanging: false, Incident);
        await s.RunAsync(look, AuditKind.Succeeded, TimeSpan.FromMilliseconds(1500));

        var change = await s.RequestAsync(alice, "bounce-interface", "core-rtr-01", stateChanging: true, Incident);
        s.Advance(TimeSpan.FromSeconds(60));
        var changeAt = s.Time.GetUtcNow();
        await s.DecideAsync(change, carol, approve: true);
        await s.RunAsync(change, AuditKind.Succeeded, TimeSpan.FromSeconds(5));

        var second = await s.RequestAsync(alice, "bounce-interface", "dist-sw-01", stateChanging: true);
        s.Advance(TimeSpan.FromSeconds(180));
        await s.DecideAsync(second, carol, approve: true);
        await s.RunAsync(second, AuditKind.Failed, TimeSpan.FromSeconds(10));

        var stale = await s.RequestAsync(alice, "set-vlan", "dist-sw-01", stateChanging: true);
        s.Advance(TimeSpan.FromMinutes(30));
        await s.ExpireAsync(stale);

        var refused = await s.RequestAsync(alice, "bounce-interface", "core-rtr-01", stateChanging: true);
        s.Advance(TimeSpan.FromSeconds(120));
        await s.DecideAsync(refused, dave, approve: false);

        await s.DenyAsync(alice, "NotGranted", "set-vlan");
        await s.DenyAsync(alice, "NotGranted", "set-vlan");
        await s.DenyAsync(alice, "SelfApproval", "bounce-interface", incident: Incident);
        foreach (var phrase in Phrases)
        {
            await s.DenyAsync(erin, "InvalidCommand", channelKind: "Direct", text: phrase);
        }

        await s.LockRefusedAsync(carol, "set-vlan", "dist-sw-01");
        await s.LockRefusedAsync(carol, "set-vlan", "dist-sw-01");
        s.Advance(TimeSpan.FromMinutes(10));
        var closed = s.Time.GetUtcNow();
        await s.CloseIncidentAsync(Incident, bob);
        return new Expected(readOnlyAt - opened, changeAt - opened, closed - opened);
    }

    public sealed record Expected(TimeSpan ToFirstReadOnly, TimeSpan ToFirstChange, TimeSpan ToResolution);
}
