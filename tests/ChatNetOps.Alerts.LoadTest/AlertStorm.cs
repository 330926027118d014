namespace ChatNetOps.Alerts.LoadTest;

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Testing.Load;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The alert storm of issue 18: <c>groups</c> Alertmanager groups of <c>alerts</c> alerts each (500 distinct alerts in 20
/// groups by default). Each group goes through <c>steps</c> distinct states, one alert firing (again) or resolving per
/// step, so each notification differs from the one before, and Alertmanager sends the whole group each time; every
/// notification is sent twice at once, as an HA pair does (10,000 requests by default). Requests are open-loop at the
/// rate (request i is due at start + i/rate, its latency counted from then), preceded by as many requests to a bare 200
/// endpoint in the same host (the floor). Both are warmed up first with three seconds' worth of requests at the rate: the
/// floor with its own, the webhook with a storm of its own groups (<c>Warm…</c>, left out of every count), so neither
/// side's percentiles carry a cold start the other does not. The groups take the default route (incident policy new), so the outcome
/// must be exactly one incident and one card per group, every distinct notification recorded once and processed, every
/// alert's final state as last sent, every firing and resolving in its incident's audit chain, and the chains intact.
/// </summary>
public static class AlertStorm
{
    private const string Token = "bench-alertmanager-token-0123456789";
    private const string Receiver = "/api/alerts/alertmanager";

    public static async Task<int> RunAsync(int rate, int groups, int alerts, int steps, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var host = new BenchHost(Token);
        host.UseKestrel(0);
        host.StartServer();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        var requests = groups * steps * 2;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bot host {address}; {groups} groups x {alerts} alerts = {groups * alerts} distinct alerts; {groups * steps} distinct notifications, each sent twice = {requests} requests at {rate}/s"));

        var storm = new Storm("Storm", groups, alerts, steps, TimeProvider.System.GetUtcNow().AddHours(-1));
        var warmUp = Math.Min(requests, rate * 3);
        await PacedLoad.RunAsync(http, rate, warmUp, _ => Floor());
        var floor = await PacedLoad.RunAsync(http, rate, requests, _ => Floor());
        output.WriteLine("floor (bare 200, same host): " + floor);

        // The webhook's warm-up: two groups of its own through the whole path (parse, store, processor, cards), settled
        // before the storm starts; their incidents and cards are left out of the outcome below.
        var warmGroups = Math.Min(2, groups);
        var warm = new Storm("Warm", warmGroups, alerts, Math.Max(1, warmUp / 2 / warmGroups), TimeProvider.System.GetUtcNow().AddHours(-1));
        var warmed = await PacedLoad.RunAsync(http, rate, warm.Notifications * 2, i => warm.Request(i / 2));
        await DrainedAsync(host, TimeSpan.FromMinutes(5));
        var (warmPosts, warmUpdates) = await SettledCardsAsync(host);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"webhook warm-up (not counted): {warmGroups} groups of its own, {warm.Notifications * 2} requests, errors {warmed.Errors}; {warmPosts} cards, {warmUpdates} updates"));

        var recorded = 0;
        var duplicates = 0;
        var clock = Stopwatch.StartNew();
        var webhook = await PacedLoad.RunAsync(http, rate, requests, i => storm.Request(i / 2), body =>
        {
            if (body.Contains("\"recorded\"", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref recorded);
            }
            else if (body.Contains("\"duplicate\"", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref duplicates);
            }
        });
        output.WriteLine("alertmanager webhook (bearer, recorded before the answer): " + webhook);
        var sentAt = clock.Elapsed;

        await DrainedAsync(host, TimeSpan.FromMinutes(10));
        var processedAt = clock.Elapsed;
        var (allPosts, allUpdates) = await SettledCardsAsync(host);
        var (posts, updates) = (allPosts - warmPosts, allUpdates - warmUpdates);
        var cardsAt = clock.Elapsed;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"answers: {recorded} recorded, {duplicates} duplicate of {requests}; every notification processed {(processedAt - sentAt).TotalSeconds:F1} s after the last was sent ({processedAt.TotalSeconds:F1} s from the start); cards settled {(cardsAt - processedAt).TotalSeconds:F1} s later: {posts} posted, {updates} updates in place"));

        var stormKeys = Enumerable.Range(0, groups).Select(storm.GroupKey).ToHashSet(StringComparer.Ordinal);
        var incidents = (await host.Services.GetRequiredService<IIncidentStore>().ListOpenAsync(CancellationToken.None))
            .Where(i => i.AlertGroups.Any(g => stormKeys.Contains(g.GroupKey))).ToArray();
        var audit = host.Services.GetRequiredService<IAuditLog>();
        var verifier = host.Services.GetRequiredService<AuditVerifier>();
        var fired = 0;
        var resolved = 0;
        var fingerprints = new HashSet<string>(StringComparer.Ordinal);
        var intact = 0;
        foreach (var incident in incidents)
        {
            await foreach (var e in audit.ReadAsync(incident.Id, CancellationToken.None))
            {
                if (e.Kind == AuditKind.AlertReceived && e.Details.TryGetValue("fingerprint", out var fingerprint))
                {
                    fired++;
                    fingerprints.Add(fingerprint);
                }
                else if (e.Kind == AuditKind.AlertResolved)
                {
                    resolved++;
                }
            }

            if ((await verifier.VerifyAsync(incident.Id, CancellationToken.None)).IsIntact)
            {
                intact++;
            }
        }

        var groupStore = host.Services.GetRequiredService<IAlertGroupStore>();
        var wrongState = 0;
        for (var g = 0; g < groups; g++)
        {
            var stored = await groupStore.GetAsync(AlertSource.Alertmanager, storm.GroupKey(g), CancellationToken.None);
            wrongState += storm.Final(g).Count(expected => stored?.Alerts.GetValueOrDefault(expected.Fingerprint) is not { } actual
                || actual.Status != expected.Status || actual.StartsAt != expected.StartsAt);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"outcome: {incidents.Length} incidents, {posts} cards; {fingerprints.Count} distinct alerts in the chains; AlertReceived {fired}/{storm.Firings} expected, AlertResolved {resolved}/{storm.Resolutions}; {wrongState} alerts whose stored state differs from the last sent; {intact}/{incidents.Length} chains intact"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory after the storm: managed heap {managed / (1024.0 * 1024.0):F1} MiB, working set {process.WorkingSet64 / (1024.0 * 1024.0):F1} MiB (client and host share the process)"));

        var lost = groups * steps - recorded;
        var exact = incidents.Length == groups && posts == groups && lost == 0 && duplicates == groups * steps && fingerprints.Count == groups * alerts
            && fired == storm.Firings && resolved == storm.Resolutions && wrongState == 0 && intact == incidents.Length && webhook.Errors == 0;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"goal exactly {groups} incidents and {groups} cards, 0 lost, audit verifies: {(exact ? "MET" : "NOT MET")}"));
        var ratio = webhook.P99 / Math.Max(floor.P99, 0.001);
        var fast = webhook.P99 <= 50 && ratio <= 3;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"goal webhook p99 <= 50 ms and <= 3x the floor: p99 {webhook.P99:F2} ms, {ratio:F2}x the floor's {floor.P99:F2} ms -> {(fast ? "MET" : "NOT MET")}"));
        return exact && fast ? 0 : 1;
    }

    /// <summary>Waits until every recorded notification has been processed (or <paramref name="limit"/> has passed).</summary>
    private static async Task DrainedAsync(BenchHost host, TimeSpan limit)
    {
        var inbox = host.Services.GetRequiredService<IAlertStore>();
        var waited = Stopwatch.StartNew();
        while ((await inbox.ListPendingAsync(1, CancellationToken.None)).Count > 0 && waited.Elapsed < limit)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Waits until the card refresher is quiet: no new post or update for three seconds (it runs when the processor touches an incident).</summary>
    private static async Task<(int Posts, int Updates)> SettledCardsAsync(BenchHost host)
    {
        var last = (-1, -1);
        var quietSince = Stopwatch.StartNew();
        while (quietSince.Elapsed < TimeSpan.FromSeconds(3))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250));
            var now = (host.Slack.Posts + host.Teams.Posts, host.Slack.Updates + host.Teams.Updates);
            if (now != last)
            {
                last = now;
                quietSince.Restart();
            }
        }

        return last;
    }

    private static HttpRequestMessage Floor() =>
        new(HttpMethod.Post, BenchHost.FloorPath) { Content = new StringContent("ping", Encoding.UTF8, "application/json") };

    /// <summary>
    /// The storm's notifications, precomputed: notification n is step n / groups of group n % groups (groups take turns,
    /// so one group's consecutive notifications are 2 × groups requests apart). At step j alert j % alerts of the group
    /// toggles: it fires (again, with a new start) or resolves.
    /// </summary>
    private sealed class Storm
    {
        private readonly byte[][] _bodies;
        private readonly List<Alert>[] _final;

        private readonly string _name;

        public Storm(string name, int groups, int alerts, int steps, DateTimeOffset t0)
        {
            _name = name;
            _bodies = new byte[groups * steps][];
            _final = new List<Alert>[groups];
            for (var g = 0; g < groups; g++)
            {
                var state = new List<Alert>();
                for (var j = 0; j < steps; j++)
                {
                    var a = j % alerts;
                    var at = t0.AddSeconds(j);
                    if (a == state.Count)
                    {
                        state.Add(new Alert($"{name[0]}{g:D2}a{a:D3}", AlertStatus.Firing, at, null, $"web-{g * alerts + a + 1}"));
                        Firings++;
                    }
                    else if (state[a].Status == AlertStatus.Firing)
                    {
                        state[a] = state[a] with { Status = AlertStatus.Resolved, EndsAt = at };
                        Resolutions++;
                    }
                    else
                    {
                        state[a] = state[a] with { Status = AlertStatus.Firing, StartsAt = at, EndsAt = null };
                        Firings++;
                    }

                    _bodies[j * groups + g] = Body(name, GroupKey(g), g, state);
                }

                _final[g] = state;
            }
        }

        public int Notifications => _bodies.Length;

        public int Firings { get; }

        public int Resolutions { get; }

        public string GroupKey(int g) => string.Create(CultureInfo.InvariantCulture, $"{{}}:{{alertname=\"{_name}{g:D2}\"}}");

        public IReadOnlyList<Alert> Final(int g) => _final[g];

        public HttpRequestMessage Request(int notification)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Receiver) { Content = new ByteArrayContent(_bodies[notification]) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            return request;
        }

        /// <summary>Alertmanager's webhook body (version 4, notify/webhook/webhook.go): the whole group.</summary>
        private static byte[] Body(string prefix, string groupKey, int g, List<Alert> state)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}{g:D2}");
            var body = new JsonObject
            {
                ["version"] = "4",
                ["groupKey"] = groupKey,
                ["truncatedAlerts"] = 0,
                ["status"] = state.Any(a => a.Status == AlertStatus.Firing) ? "firing" : "resolved",
                ["receiver"] = "chatnetops",
                ["groupLabels"] = new JsonObject { ["alertname"] = name },
                ["commonLabels"] = new JsonObject { ["alertname"] = name, ["severity"] = "warning" },
                ["commonAnnotations"] = new JsonObject(),
                ["externalURL"] = "http://alertmanager.example.net:9093",
                ["alerts"] = new JsonArray([.. state.Select(a => (JsonNode?)new JsonObject
                {
                    ["status"] = a.Status == AlertStatus.Firing ? "firing" : "resolved",
                    ["labels"] = new JsonObject { ["alertname"] = name, ["severity"] = "warning", ["instance"] = a.Instance + ":9100" },
                    ["annotations"] = new JsonObject { ["summary"] = a.Instance + " is down" },
                    ["startsAt"] = a.StartsAt.ToString("O", CultureInfo.InvariantCulture),
                    ["endsAt"] = a.EndsAt?.ToString("O", CultureInfo.InvariantCulture) ?? "0001-01-01T00:00:00Z",
                    ["generatorURL"] = "http://prometheus.example.net:9090/graph?g0.expr=up",
                    ["fingerprint"] = a.Fingerprint,
                })]),
            };
            return Encoding.UTF8.GetBytes(body.ToJsonString());
        }
    }

    private sealed record Alert(string Fingerprint, AlertStatus Status, DateTimeOffset StartsAt, DateTimeOffset? EndsAt, string Instance);
}
