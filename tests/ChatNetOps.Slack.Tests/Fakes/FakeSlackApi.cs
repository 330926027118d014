namespace ChatNetOps.Slack.Tests.Fakes;

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// A fake Slack Web API on 127.0.0.1 (real Kestrel, port 0): records every call, checks each payload against
/// Slack's documented limits and required fields (<see cref="Violations"/>), answers like Slack (HTTP 200 with
/// <c>ok</c>/<c>error</c>), and can be scripted per method (429 with Retry-After, an error code, no answer until released). Also serves
/// response_url hooks and a Socket Mode WebSocket, and the file upload flow
/// (https://docs.slack.dev/reference/methods/files.getUploadURLExternal: an upload URL and file id for a name and a
/// length, the bytes POSTed there, answered HTTP 200; https://docs.slack.dev/reference/methods/files.completeUploadExternal:
/// <c>files</c> a JSON array of <c>{ id, title }</c>, <c>channel_id</c>, <c>thread_ts</c>).
/// </summary>
public sealed class FakeSlackApi : IAsyncDisposable
{
    public const string BotToken = "xoxb-test-bot-token";
    public const string AppToken = "xapp-test-app-token";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SlackCall> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<HttpContext, Task>>> _scripted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _messages = new(StringComparer.Ordinal);
    private readonly List<(Func<SlackCall, bool> Match, TaskCompletionSource<SlackCall> Done)> _waiters = [];
    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private int _sequence;
    private long _ts = 1_700_000_000_000_100;
    private WebSocket? _socket;
    private TaskCompletionSource<WebSocket> _socketOpened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _acks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Name, int Length)> _uploadUrls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _uploaded = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SharedFile> _shared = new();

    private FakeSlackApi(WebApplication app) => _app = app;

    public Uri Root { get; private set; } = null!;

    public Uri ApiBaseUrl => new(Root, "api/");

    /// <summary>Slack users by id, as users.info returns them.</summary>
    public ConcurrentDictionary<string, (string Name, string? Email)> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>The workspace users.info reports for a user (<c>team_id</c>); <see cref="HomeTeam"/> when not set.</summary>
    public ConcurrentDictionary<string, string> UserTeams { get; } = new(StringComparer.Ordinal);

    /// <summary>Users whose email users.info reports as not confirmed (<c>is_email_confirmed: false</c>).</summary>
    public ConcurrentDictionary<string, bool> UnconfirmedEmails { get; } = new(StringComparer.Ordinal);

    public const string HomeTeam = "T0TEAM0001";

    public IReadOnlyList<SlackCall> Calls => [.. _calls.OrderBy(c => c.Sequence)];

    public IReadOnlyList<string> Violations => [.. _violations];

    /// <summary>Files completed with files.completeUploadExternal: what was shared where, with the bytes uploaded.</summary>
    public IReadOnlyList<SharedFile> SharedFiles => [.. _shared];

    public sealed record SharedFile(string Id, string Name, string Title, string Channel, string? ThreadTs, byte[] Content);

    public static async Task<FakeSlackApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeSlackApi(app);
        app.UseWebSockets();
        app.MapPost("/api/{method}", (HttpContext http, string method) => fake.HandleAsync(http, method));
        app.MapPost("/hooks/{id}", (HttpContext http, string id) => fake.HandleHookAsync(http, id));
        app.MapPost("/upload/{id}", (HttpContext http, string id) => fake.HandleUploadAsync(http, id));
        app.Map("/socket", fake.HandleSocketAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Root = new Uri(address.EndsWith('/') ? address : address + "/");
        return fake;
    }

    public Uri ResponseUrl(string id) => new(Root, "hooks/" + id);

    public IReadOnlyList<SlackCall> CallsTo(string method) => [.. Calls.Where(c => c.Method == method)];

    /// <summary>Calls of <paramref name="method"/> get no answer (they are recorded) until <see cref="Release"/>.</summary>
    public void Hold(string method) =>
        _holds.TryAdd(method, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Held calls of <paramref name="method"/> (and later ones) are answered as usual.</summary>
    public void Release(string method)
    {
        if (_holds.TryRemove(method, out var hold))
        {
            hold.TrySetResult();
        }
    }

    /// <summary>The next call of <paramref name="method"/> (<c>response_url</c> for any hook) is answered by <paramref name="respond"/> instead of the default.</summary>
    public void Script(string method, Func<HttpContext, Task> respond) =>
        _scripted.GetOrAdd(method, _ => new ConcurrentQueue<Func<HttpContext, Task>>()).Enqueue(respond);

    public void ScriptRateLimited(string method, int retryAfterSeconds) =>
        Script(method, async http =>
        {
            http.Response.StatusCode = 429;
            http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await http.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = "ratelimited" });
        });

    public void ScriptError(string method, string error) =>
        Script(method, http => http.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = error }));

    /// <summary>The first call (already made or still to come) that matches, or a TimeoutException.</summary>
    public async Task<SlackCall> WaitForAsync(Func<SlackCall, bool> match, TimeSpan? timeout = null, string? what = null)
    {
        TaskCompletionSource<SlackCall> done;
        lock (_gate)
        {
            var existing = Calls.FirstOrDefault(match);
            if (existing is not null)
            {
                return existing;
            }

            done = new TaskCompletionSource<SlackCall>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
        }

        try
        {
            return await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No Slack call {what ?? "matching"} arrived. Calls so far:\n" + string.Join("\n", Calls.Select(c => $"{c.Method}: {Cut(c.RawBody)}")));
        }
    }

    public Task<SlackCall> WaitForAsync(string method, Func<SlackCall, bool>? match = null, TimeSpan? timeout = null) =>
        WaitForAsync(c => c.Method == method && (match?.Invoke(c) ?? true), timeout, method);

    /// <summary>Waits for the bot's Socket Mode connection.</summary>
    public Task WaitForSocketAsync(TimeSpan timeout) => _socketOpened.Task.WaitAsync(timeout);

    /// <summary>Sends an envelope over the Socket Mode connection and waits for its acknowledgement.</summary>
    public async Task<JsonObject> SendEnvelopeAsync(string type, JsonObject payload, TimeSpan timeout, int? retryAttempt = null)
    {
        var ack = await PostEnvelopeAsync(type, payload, timeout, retryAttempt);
        return await ack.WaitAsync(timeout);
    }

    /// <summary>Sends an envelope over the Socket Mode connection; the task returned completes when (if ever) the bot acknowledges it.</summary>
    public async Task<Task<JsonObject>> PostEnvelopeAsync(string type, JsonObject payload, TimeSpan timeout, int? retryAttempt = null)
    {
        var socket = await _socketOpened.Task.WaitAsync(timeout);
        var id = Guid.NewGuid().ToString();
        var ack = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _acks[id] = ack;
        var envelope = new JsonObject
        {
            ["envelope_id"] = id,
            ["type"] = type,
            ["payload"] = payload,
            ["accepts_response_payload"] = type != "events_api",
            ["retry_attempt"] = retryAttempt ?? 0,
        };
        await socket.SendAsync(Encoding.UTF8.GetBytes(envelope.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        return ack.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http, string method)
    {
        var call = await RecordAsync(http, method);
        if (_holds.TryGetValue(method, out var hold))
        {
            Signal(call);
            await hold.Task.WaitAsync(http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            if (http.RequestAborted.IsCancellationRequested)
            {
                return;
            }
        }

        if (_scripted.TryGetValue(method, out var queue) && queue.TryDequeue(out var respond))
        {
            await respond(http);
            Signal(call);
            return;
        }

        var expected = method == "apps.connections.open" ? AppToken : BotToken;
        if (call.Authorization != "Bearer " + expected)
        {
            await Answer(http, new JsonObject { ["ok"] = false, ["error"] = call.Authorization is null ? "not_authed" : "invalid_auth" });
            Signal(call);
            return;
        }

        call.Response = Respond(call);
        await Answer(http, call.Response);
        Signal(call);
    }

    private JsonObject Respond(SlackCall call)
    {
        switch (call.Method)
        {
            case "chat.postMessage":
                {
                    Check(call, BlockKitChecks.Message(call.Json ?? []));
                    var channel = call.Str("channel");
                    if (string.IsNullOrEmpty(channel))
                    {
                        return Error("channel_not_found");
                    }

                    var ts = NextTs();
                    _messages[channel + "/" + ts] = call.Json!;
                    return new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts };
                }

            case "chat.update":
                {
                    Check(call, BlockKitChecks.Message(call.Json ?? []));
                    var key = call.Str("channel") + "/" + call.Str("ts");
                    if (!_messages.ContainsKey(key))
                    {
                        return Error("message_not_found");
                    }

                    _messages[key] = call.Json!;
                    return new JsonObject { ["ok"] = true, ["channel"] = call.Str("channel"), ["ts"] = call.Str("ts") };
                }

            case "chat.postEphemeral":
                Check(call, BlockKitChecks.Message(call.Json ?? []));
                if (string.IsNullOrEmpty(call.Str("user")) || string.IsNullOrEmpty(call.Str("channel")))
                {
                    return Error("user_not_in_channel");
                }

                return new JsonObject { ["ok"] = true, ["message_ts"] = NextTs() };
            case "views.open":
                Check(call, BlockKitChecks.Modal(call.Json?["view"] as JsonObject ?? []));
                return string.IsNullOrEmpty(call.Str("trigger_id"))
                    ? Error("invalid_trigger_id")
                    : new JsonObject { ["ok"] = true, ["view"] = new JsonObject { ["id"] = "V" + NextTs().Replace(".", string.Empty, StringComparison.Ordinal) } };
            case "users.info":
                var user = call.Str("user") ?? string.Empty;
                return Users.TryGetValue(user, out var known)
                    ? new JsonObject
                    {
                        ["ok"] = true,
                        ["user"] = new JsonObject
                        {
                            ["id"] = user,
                            ["team_id"] = UserTeams.GetValueOrDefault(user, HomeTeam),
                            ["name"] = known.Name,
                            ["real_name"] = known.Name,
                            ["is_email_confirmed"] = !UnconfirmedEmails.ContainsKey(user),
                            ["profile"] = new JsonObject { ["email"] = known.Email, ["display_name"] = known.Name },
                        },
                    }
                    : Error("user_not_found");
            case "conversations.info":
                var channelId = call.Str("channel") ?? string.Empty;
                return new JsonObject { ["ok"] = true, ["channel"] = new JsonObject { ["id"] = channelId, ["is_im"] = channelId.StartsWith('D') } };
            case "files.getUploadURLExternal":
                {
                    var name = call.Str("filename");
                    if (string.IsNullOrEmpty(name) || !int.TryParse(call.Str("length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length <= 0)
                    {
                        _violations.Enqueue($"files.getUploadURLExternal: filename and a positive length are required (got '{name}', '{call.Str("length")}')");
                        return Error("invalid_arguments");
                    }

                    var fileId = "F" + NextTs().Replace(".", string.Empty, StringComparison.Ordinal);
                    _uploadUrls[fileId] = (name, length);
                    return new JsonObject { ["ok"] = true, ["upload_url"] = new Uri(Root, "upload/" + fileId).ToString(), ["file_id"] = fileId };
                }

            case "files.completeUploadExternal":
                {
                    JsonArray? files;
                    try
                    {
                        files = JsonNode.Parse(call.Str("files") ?? "null") as JsonArray;
                    }
                    catch (JsonException)
                    {
                        files = null;
                    }

                    var channel = call.Str("channel_id");
                    if (files is null || files.Count == 0 || string.IsNullOrEmpty(channel))
                    {
                        _violations.Enqueue("files.completeUploadExternal: files (a JSON array of {id, title}) and channel_id are required");
                        return Error("invalid_arguments");
                    }

                    foreach (var file in files.OfType<JsonObject>())
                    {
                        var id = (string?)file["id"] ?? string.Empty;
                        if (!_uploadUrls.TryGetValue(id, out var asked) || !_uploaded.TryGetValue(id, out var bytes))
                        {
                            return Error("file_not_found");
                        }

                        if (bytes.Length != asked.Length)
                        {
                            _violations.Enqueue($"file {id}: {bytes.Length} bytes uploaded, {asked.Length} announced");
                            return Error("file_size_mismatch");
                        }

                        _shared.Enqueue(new SharedFile(id, asked.Name, (string?)file["title"] ?? asked.Name, channel, call.Str("thread_ts"), bytes));
                    }

                    return new JsonObject { ["ok"] = true, ["files"] = new JsonArray([.. files.Select(f => (JsonNode?)new JsonObject { ["id"] = (string?)f?["id"] })]) };
                }

            case "apps.connections.open":
                var ws = new UriBuilder(new Uri(Root, "socket")) { Scheme = "ws" }.Uri;
                return new JsonObject { ["ok"] = true, ["url"] = ws.ToString() };
            default:
                return Error("unknown_method");
        }
    }

    private async Task HandleHookAsync(HttpContext http, string id)
    {
        var call = await RecordAsync(http, "response_url", id);
        Check(call, BlockKitChecks.Message(call.Json ?? []));
        if (_scripted.TryGetValue("response_url", out var queue) && queue.TryDequeue(out var respond))
        {
            await respond(http);
            Signal(call);
            return;
        }

        http.Response.ContentType = "text/plain";
        await http.Response.WriteAsync("ok");
        Signal(call);
    }

    /// <summary>The upload URL: raw bytes (or a multipart form), no token; HTTP 200 when taken.</summary>
    private async Task HandleUploadAsync(HttpContext http, string id)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        var call = new SlackCall("file_upload", http.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null, string.Empty, null,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["file_id"] = id, ["length"] = body.Length.ToString(CultureInfo.InvariantCulture) },
            Interlocked.Increment(ref _sequence));
        _calls.Enqueue(call);
        if (_scripted.TryGetValue("file_upload", out var queue) && queue.TryDequeue(out var respond))
        {
            await respond(http);
            Signal(call);
            return;
        }

        if (!_uploadUrls.ContainsKey(id))
        {
            http.Response.StatusCode = (int)HttpStatusCode.NotFound;
        }
        else
        {
            _uploaded[id] = body.ToArray();
            http.Response.ContentType = "text/plain";
            await http.Response.WriteAsync("OK - " + body.Length.ToString(CultureInfo.InvariantCulture));
        }

        Signal(call);
    }

    private async Task HandleSocketAsync(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = (int)HttpStatusCode.BadRequest;
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        _socket = socket;
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"hello","num_connections":1}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        _socketOpened.TrySetResult(socket);
        var buffer = new byte[64 * 1024];
        while (socket.State == WebSocketState.Open)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, http.RequestAborted);
                message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);

            if (received.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            var ack = JsonNode.Parse(message.ToArray()) as JsonObject;
            if (ack?["envelope_id"]?.GetValue<string>() is { } envelopeId && _acks.TryRemove(envelopeId, out var done))
            {
                done.TrySetResult(ack);
            }
        }

        _socketOpened = new TaskCompletionSource<WebSocket>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private async Task<SlackCall> RecordAsync(HttpContext http, string method, string? hook = null)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync();
        JsonObject? json = null;
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        if (http.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                json = JsonNode.Parse(raw) as JsonObject;
            }
            catch (JsonException)
            {
                _violations.Enqueue($"{method}: body is not JSON");
            }
        }
        else
        {
            foreach (var (key, value) in QueryHelpers.ParseQuery(raw))
            {
                form[key] = value.ToString();
            }
        }

        var auth = http.Request.Headers.Authorization.ToString();
        var call = new SlackCall(method, auth.Length == 0 ? null : auth, raw, json, form, Interlocked.Increment(ref _sequence)) { Hook = hook };
        _calls.Enqueue(call);
        return call;
    }

    private void Signal(SlackCall call)
    {
        lock (_gate)
        {
            foreach (var waiter in _waiters.Where(w => w.Match(call)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(call);
            }
        }
    }

    private void Check(SlackCall call, List<string> problems)
    {
        foreach (var problem in problems)
        {
            _violations.Enqueue($"{call.Method}: {problem}");
        }
    }

    private string NextTs()
    {
        var n = Interlocked.Increment(ref _ts);
        return (n / 1_000_000).ToString(CultureInfo.InvariantCulture) + "." + (n % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private static JsonObject Error(string code) => new() { ["ok"] = false, ["error"] = code };

    private static Task Answer(HttpContext http, JsonObject body) => http.Response.WriteAsJsonAsync(body);

    private static string Cut(string s) => s.Length > 300 ? s[..300] + "…" : s;
}
