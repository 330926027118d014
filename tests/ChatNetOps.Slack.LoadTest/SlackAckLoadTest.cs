namespace ChatNetOps.Slack.LoadTest;

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChatNetOps.Core.Audit;
using ChatNetOps.Testing.Load;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Open-loop load at a fixed rate: request i is sent at start + i/rate whether or not earlier ones have answered,
/// and its latency counts from that scheduled time (no coordinated omission). Phase 1 is the floor (a bare 200 in the
/// same host), phase 2 signed slash commands, phase 3 signed Events API direct messages (<c>message.im</c>): their ack
/// records the event_id in the shared chat state store and puts the work on the durable chat-work queue, and every tenth
/// request is a Slack retry of the one before (same event_id, X-Slack-Retry-Num), which must be dropped. Each command
/// or message is a viewer running a read-only runbook where the policy does not let them: refused, so exactly one audit
/// event (Denied) per command and per distinct event is expected once the work drains, and the refusal goes to the
/// user only (the command's response_url; the direct message itself). Phase 4 is a burst of commands (300/s for 15 s by
/// default): every one must be processed (its refusal sent to its response_url) and audited within 30 s of the
/// burst's end.
/// </summary>
public static class SlackAckLoadTest
{
    private const string Secret = "bench-signing-secret-0123456789abcdef";
    private const int RetryEvery = 10;

    /// <summary>How long after a burst ends every command of it must be processed and audited.</summary>
    public static readonly TimeSpan DrainGoal = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(int rate, TimeSpan duration, TimeSpan warmup, int burstRate, TimeSpan burstDuration, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var sink = await SlackSink.StartAsync();
        using var host = new BenchHost(sink, Secret);
        host.UseKestrel(0);
        host.StartServer();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        var audit = host.Services.GetRequiredService<IAuditLog>();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bot host {address}, fake Slack {sink.ApiBaseUrl}, {rate} req/s for {duration.TotalSeconds} s per phase, warm-up {warmup.TotalSeconds} s, then a burst of {burstRate} commands/s for {burstDuration.TotalSeconds} s"));
        var sequence = 0;
        var eventBase = 0;
        Command = n => CommandTo(sink.Hook, n);
        await RunPhaseAsync(http, rate, warmup, _ => Floor(), null);
        await RunPhaseAsync(http, rate, warmup, _ => Command(Interlocked.Increment(ref sequence)), null);
        var warmupEvents = (int)(rate * warmup.TotalSeconds);
        await RunPhaseAsync(http, rate, warmup, i => Event(eventBase, i), null);
        eventBase += warmupEvents;
        await DrainAsync(audit, sequence + Distinct(warmupEvents), TimeSpan.FromSeconds(60));
        var before = await CountDeniedAsync(audit);

        var floor = await RunPhaseAsync(http, rate, duration, _ => Floor(), "floor (bare 200, same host)");
        output.WriteLine(floor.ToString());
        var start = sequence;
        var slack = await RunPhaseAsync(http, rate, duration, _ => Command(Interlocked.Increment(ref sequence)), "signed /slack/commands");
        output.WriteLine(slack.ToString());
        var commands = sequence - start;
        var commandEvents = await DrainAsync(audit, before + commands, TimeSpan.FromSeconds(120)) - before;

        var events = (int)(rate * duration.TotalSeconds);
        var distinct = Distinct(events);
        var mentions = await RunPhaseAsync(http, rate, duration, i => Event(eventBase, i), $"signed /slack/events, direct messages (1 in {RetryEvery} a retry)");
        output.WriteLine(mentions.ToString());
        var eventEvents = await DrainAsync(audit, before + commands + distinct, TimeSpan.FromSeconds(120)) - before - commandEvents;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"audit: {commandEvents} Denied events for {commands} commands ({(double)commandEvents / commands:F3} per request); {eventEvents} for {distinct} distinct events of {events} deliveries; fake Slack calls {sink.Calls}"));
        var ratio = slack.P99 / Math.Max(floor.P99, 0.001);
        var pass = slack.Errors == 0 && slack.P99 <= 20 && ratio <= 2 && commandEvents == commands;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"goal p99 <= 20 ms and <= 2x floor, zero errors, one audit event per request: p99 {slack.P99:F2} ms, {ratio:F2}x floor, {slack.Errors} errors -> {(pass ? "MET" : "NOT MET")}"));
        var eventRatio = mentions.P99 / Math.Max(floor.P99, 0.001);
        var eventPass = mentions.Errors == 0 && mentions.P99 <= 20 && eventRatio <= 2 && eventEvents == distinct;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"events goal p99 <= 20 ms and <= 2x floor, zero errors, one audit event per distinct event (retries dropped): p99 {mentions.P99:F2} ms, {eventRatio:F2}x floor, {mentions.Errors} errors, {eventEvents}/{distinct} -> {(eventPass ? "MET" : "NOT MET")}"));

        var burstPass = await RunBurstAsync(http, sink, audit, burstRate, burstDuration, () => Interlocked.Increment(ref sequence), output);
        return pass && eventPass && burstPass ? 0 : 1;
    }

    /// <summary>
    /// Phase 4: <paramref name="rate"/> signed commands a second for <paramref name="duration"/>, then the time until
    /// every one of them is processed (its refusal posted to its response_url) and audited, counted from the burst's end.
    /// </summary>
    private static async Task<bool> RunBurstAsync(HttpClient http, SlackSink sink, IAuditLog audit, int rate, TimeSpan duration, Func<int> next, TextWriter output)
    {
        var deniedBefore = await CountDeniedAsync(audit);
        var hooksBefore = sink.Hooks;
        var commands = (int)(rate * duration.TotalSeconds);
        var clock = Stopwatch.StartNew();
        var burst = await RunPhaseAsync(http, rate, duration, _ => Command(next()), string.Create(CultureInfo.InvariantCulture, $"burst of signed /slack/commands ({rate}/s for {duration.TotalSeconds} s)"));
        var burstEnd = TimeSpan.FromSeconds(duration.TotalSeconds);
        output.WriteLine(burst.ToString());

        // Processed: its ephemeral refusal reached the response_url (cheap to count while it drains); then the audit.
        var until = DrainGoal + TimeSpan.FromSeconds(90);
        var lastHooks = sink.Hooks - hooksBefore;
        var processedAt = TimeSpan.Zero;
        while (lastHooks < commands && clock.Elapsed - burstEnd < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            lastHooks = sink.Hooks - hooksBefore;
        }

        processedAt = clock.Elapsed;
        var denied = await CountDeniedAsync(audit) - deniedBefore;
        var auditedAt = clock.Elapsed;
        var drained = auditedAt - burstEnd;
        var pass = burst.Errors == 0 && lastHooks == commands && denied == commands && drained <= DrainGoal;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"burst: {commands} commands sent in {burst.Sent.TotalSeconds:F1} s; {lastHooks} processed (answered) by {processedAt.TotalSeconds:F1} s, {denied} audited by {auditedAt.TotalSeconds:F1} s from the burst's start; processing {lastHooks / Math.Max(processedAt.TotalSeconds, 0.001):F0}/s on average"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"burst goal every command processed and audited within {DrainGoal.TotalSeconds:F0} s of the burst's end, zero errors: {drained.TotalSeconds:F1} s after the end, {lastHooks}/{commands} processed, {denied}/{commands} audited, {burst.Errors} errors -> {(pass ? "MET" : "NOT MET")}"));
        return pass;
    }

    /// <summary>Distinct event ids among <paramref name="deliveries"/> deliveries: every <see cref="RetryEvery"/>th repeats the one before.</summary>
    private static int Distinct(int deliveries) => deliveries - (deliveries / RetryEvery);

    private static HttpRequestMessage Floor() =>
        new(HttpMethod.Post, BenchHost.FloorPath) { Content = new StringContent("ping", Encoding.UTF8, "application/x-www-form-urlencoded") };

    /// <summary>Command <c>n</c>, answered at the sink's response_url hook (set once the sink is up).</summary>
    private static Func<int, HttpRequestMessage> Command { get; set; } = _ => throw new InvalidOperationException("The sink is not started.");

    private static HttpRequestMessage CommandTo(Uri hook, int n)
    {
        var body = string.Create(CultureInfo.InvariantCulture,
            $"token=x&team_id=T0BENCH&team_domain=bench&channel_id=C0BENCH{n % 900:D4}&channel_name=bench&user_id=U0ERIN00005&user_name=erin&command=%2Fnetops&text=verify-ospf+device%3Dcore-rtr-01&api_app_id=A0BENCH&response_url={Uri.EscapeDataString(hook.AbsoluteUri)}&trigger_id=1.2.{n}");
        return Signed("/slack/commands", body, "application/x-www-form-urlencoded");
    }

    /// <summary>
    /// Delivery <paramref name="i"/> of a phase: a direct message with its own event_id, or (every
    /// <see cref="RetryEvery"/>th) Slack's retry of the delivery before it.
    /// </summary>
    private static HttpRequestMessage Event(int phaseBase, int i)
    {
        var retry = i % RetryEvery == RetryEvery - 1;
        var n = phaseBase + (retry ? i - 1 : i);
        var body = string.Create(CultureInfo.InvariantCulture,
            $$$"""{"token":"x","team_id":"T0BENCH","api_app_id":"A0BENCH","type":"event_callback","event_id":"Ev0BENCH{{{n:D8}}}","event_time":1700000000,"authorizations":[{"user_id":"U0BOT00000","is_bot":true}],"event":{"type":"message","user":"U0ERIN00005","text":"verify-ospf device=core-rtr-01","channel":"D0BENCH{{{n % 900:D4}}}","channel_type":"im","ts":"1700000000.{{{n:D6}}}","event_ts":"1700000000.{{{n:D6}}}"}}""");
        var request = Signed("/slack/events", body, "application/json");
        if (retry)
        {
            request.Headers.Add("X-Slack-Retry-Num", "1");
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return request;
    }

    private static HttpRequestMessage Signed(string path, string body, string contentType)
    {
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature);
        return request;
    }

    private static async Task<PhaseResult> RunPhaseAsync(HttpClient http, int rate, TimeSpan duration, Func<int, HttpRequestMessage> create, string? name) =>
        new(name ?? "warm-up", await PacedLoad.RunAsync(http, rate, (int)(rate * duration.TotalSeconds), create));

    private static async Task<int> CountDeniedAsync(IAuditLog audit)
    {
        var count = 0;
        foreach (var partition in await audit.ListPartitionsAsync(CancellationToken.None))
        {
            await foreach (var e in audit.ReadAsync(partition, CancellationToken.None))
            {
                if (e.Kind == AuditKind.Denied)
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>Waits (polling the audit store once a second, bounded) until the expected number of denials is there.</summary>
    private static async Task<int> DrainAsync(IAuditLog audit, int expected, TimeSpan timeout)
    {
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var count = await CountDeniedAsync(audit);
            if (count >= expected || Stopwatch.GetTimestamp() > until)
            {
                return count;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private sealed record PhaseResult(string Name, PacedResult Result)
    {
        public TimeSpan Sent => Result.Sent;

        public double P99 => Result.P99;

        public int Errors => Result.Errors;

        public override string ToString() => Name + ": " + Result;
    }
}
