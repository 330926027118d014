namespace ChatNetOps.Execution.FortiGate;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Ssh;
using ChatNetOps.Execution.Tracing;
using Microsoft.Extensions.Logging;

/// <summary>
/// Runs read-only FortiOS runbooks over the FortiOS monitor REST API (transport <c>fortigate_api</c>): each CLI line is
/// mapped by <see cref="FortiGateCommandMapper"/> to a GET, answered as a readable table followed by the raw JSON.
/// HTTPS only, certificate pinned or CA-checked by <see cref="FortiGateTrust"/>, bearer token from the credential
/// provider. Device-side problems (refused certificate or token, HTTP errors, FortiOS <c>status: error</c>,
/// timeouts) are results with the output received so far; only the caller's own cancellation throws.
/// </summary>
internal sealed class FortiGateExecutor(
    FortiGateClients clients,
    ICredentialProvider credentials,
    FortiGateOptions options,
    TimeProvider timeProvider,
    ILogger<FortiGateExecutor> logger) : IDeviceExecutor
{
    public const string NotSupported = "not supported over the REST API; use ssh transport";

    private const string ApiRoot = "/api/v2/monitor/";

    public Transport Transport => Transport.FortiGateApi;

    public async Task<DeviceRunResult> ExecuteAsync(DeviceCommandPlan plan, CancellationToken cancellationToken)
    {
        using var span = ExecutionSpans.StartRun(plan);
        var started = timeProvider.GetUtcNow();
        var transcript = new StringBuilder();
        Outcome outcome;
        try
        {
            outcome = await RunAsync(plan, transcript, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ExecutionSpans.Cancelled(span);
            throw;
        }

        var finished = timeProvider.GetUtcNow();
        var output = transcript.ToString();
        ExecutionSpans.Finish(span, outcome.Status, outcome.ReturnCode, outcome.Error, outcome.ErrorType);
        Log.FortiGateRunFinished(logger, plan.Runbook, plan.Device.Name, outcome.Status, outcome.ReturnCode, (long)(finished - started).TotalMilliseconds, outcome.Error);
        Log.FortiGateDeviceOutput(logger, plan.Device.Name, output);
        return new DeviceRunResult(plan.Device.Name, outcome.Status, outcome.ReturnCode, output, started, finished, outcome.Error);
    }

    private async Task<Outcome> RunAsync(DeviceCommandPlan plan, StringBuilder transcript, CancellationToken cancellationToken)
    {
        var device = plan.Device;
        if (device.Transport != Transport.FortiGateApi)
        {
            return Outcome.Failed($"device {device.Name} uses transport {device.Transport.ToName()}, not fortigate_api", ErrorTypes.Unsupported);
        }

        if (device.Platform != Platform.FortiOS)
        {
            return Outcome.Failed($"device {device.Name} is {device.Platform.ToName()}; the REST executor serves fortios only", ErrorTypes.Unsupported);
        }

        if (plan.Mode == RunbookMode.StateChanging)
        {
            return Outcome.Failed($"state-changing runbook {plan.Runbook} is {NotSupported}", ErrorTypes.Unsupported);
        }

        var mapping = FortiGateCommandMapper.Map(plan.Commands);
        if (!mapping.Supported)
        {
            var i = mapping.UnsupportedIndex;
            return Outcome.Failed($"command {i + 1} of {plan.Commands.Count} ('{plan.Commands[i]}') is {NotSupported}", ErrorTypes.Unsupported);
        }

        using var runTimeout = new CancellationTokenSource(plan.Timeout > TimeSpan.Zero ? plan.Timeout : Timeout.InfiniteTimeSpan, timeProvider);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runTimeout.Token);
        DeviceCredential credential;
        try
        {
            credential = await credentials.GetAsync(device.CredentialRef, run.Token);
        }
        catch (CredentialNotFoundException ex)
        {
            return Outcome.Failed(ex.Message, ErrorTypes.Credential);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(ExecutionStatus.TimedOut, -1, $"runbook timed out after {Seconds(plan.Timeout)} s resolving credential '{device.CredentialRef}'", ErrorTypes.Timeout);
        }

        if (string.IsNullOrEmpty(credential.ApiToken))
        {
            return Outcome.Failed($"credential '{device.CredentialRef}' has no API token; a fortigate_api device needs the key of a read-only REST API admin (ApiToken)", ErrorTypes.Credential);
        }

        var client = clients.For(device);
        var context = new RunContext(plan, client, credential.ApiToken, runTimeout, cancellationToken);
        for (var i = 0; i < mapping.Calls.Count; i++)
        {
            var call = mapping.Calls[i];
            transcript.Append(Prompt(device)).Append(call.Command).Append('\n');
            if (call.Endpoint == FortiGateEndpoint.None)
            {
                transcript.Append("# ").Append(call.Note).Append('\n');
                continue;
            }

            var problem = await ReadAsync(context, call, i, transcript, run.Token);
            if (problem is not null)
            {
                return problem;
            }
        }

        return new Outcome(ExecutionStatus.Succeeded, 0, null);
    }

    /// <summary>
    /// Reads one call (every page of a paged one, each request in its own span), renders it, and returns null or what
    /// went wrong, naming the command.
    /// </summary>
    private async Task<Outcome?> ReadAsync(RunContext context, FortiGateCall call, int index, StringBuilder transcript, CancellationToken runToken)
    {
        var device = context.Plan.Device;
        var bodies = new List<(string Request, string Body)>();
        var documents = new List<JsonDocument>();
        Outcome? problem = null;
        string? truncation = null;
        try
        {
            var start = 0;
            while (true)
            {
                var count = call.Paged ? Math.Min(options.SessionPageSize, options.MaxSessions - start) : 0;
                var pathAndQuery = PathAndQuery(call, device.Vdom, start, count);
                using var span = StartRequest(context, call, index, call.Paged ? bodies.Count + 1 : null);
                var reply = await SendAsync(context, pathAndQuery, span, runToken);
                if (reply.Problem is not null)
                {
                    problem = reply.Problem with
                    {
                        Error = $"command {index + 1} of {context.Plan.Commands.Count} ('{call.Command}'): {reply.Problem.Error}; partial output kept",
                    };
                    ExecutionSpans.Fail(span, problem.Error!, problem.ErrorType ?? ErrorTypes.InvalidResponse, reply.Cause);
                    if (reply.Body is { Length: > 0 })
                    {
                        bodies.Add((pathAndQuery, reply.Body));
                    }

                    break;
                }

                bodies.Add((pathAndQuery, reply.Body!));
                documents.Add(reply.Document!);
                var results = ResultsOf(reply.Document!);
                if (!call.Paged)
                {
                    break;
                }

                var received = FortiGateRenderer.CountItems(results);
                start += received;
                if (received < count)
                {
                    break;
                }

                if (start >= options.MaxSessions)
                {
                    truncation = $"# output truncated: stopped after {start} sessions ({FortiGateOptions.SectionName}:MaxSessions); the session table may hold more";
                    break;
                }
            }

            if (documents.Count > 0)
            {
                if (call.Endpoint == FortiGateEndpoint.SystemStatus)
                {
                    FortiGateRenderer.SystemStatusHeader(documents[0].RootElement, transcript);
                }

                FortiGateRenderer.Render(call, documents.Select(d => ResultsOf(d)).ToList(), transcript);
            }

            if (truncation is not null)
            {
                transcript.Append(truncation).Append('\n');
            }

            foreach (var (request, body) in bodies)
            {
                transcript.Append("# raw JSON of GET ").Append(request).Append('\n').Append(body);
                if (!body.EndsWith('\n'))
                {
                    transcript.Append('\n');
                }
            }

            return problem;
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }

    /// <summary>A client span for one GET, named by method and path template (the query, with its filters and VDOM, is left out).</summary>
    private static Activity? StartRequest(RunContext context, FortiGateCall call, int index, int? page)
    {
        var template = ApiRoot + call.Path;
        var span = ExecutionSpans.StartClient("GET " + template, context.Plan.Device);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(SpanTags.HttpRequestMethod, "GET");
            span.SetTag(SpanTags.UrlScheme, Uri.UriSchemeHttps);
            span.SetTag(SpanTags.UrlTemplate, template);
            if (page is not null)
            {
                span.SetTag(SpanTags.Page, page.Value);
            }
        }

        ExecutionSpans.SetCommand(span, index, call.Command);
        return span;
    }

    private async Task<Reply> SendAsync(RunContext context, string pathAndQuery, Activity? span, CancellationToken runToken)
    {
        var device = context.Plan.Device;
        using var requestTimeout = new CancellationTokenSource(options.RequestTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(runToken, requestTimeout.Token);
        var started = Stopwatch.GetTimestamp();
        HttpStatusCode status;
        string body;
        try
        {
            (status, body) = await context.Client.GetAsync(pathAndQuery, context.Token, span, linked.Token);
        }
        catch (OperationCanceledException ex) when (!context.CallerToken.IsCancellationRequested)
        {
            context.Client.TakeRejection();
            return new Reply(null, null, context.RunTimeout.IsCancellationRequested
                ? new Outcome(ExecutionStatus.TimedOut, -1, $"runbook timed out after {Seconds(context.Plan.Timeout)} s waiting for GET {pathAndQuery}", ErrorTypes.Timeout)
                : new Outcome(ExecutionStatus.TimedOut, -1, $"no complete answer to GET {pathAndQuery} within {Seconds(requestTimeout.IsCancellationRequested ? options.RequestTimeout : options.ConnectTimeout)} s", ErrorTypes.Timeout))
            {
                Cause = ex,
            };
        }
        catch (HttpRequestException ex)
        {
            if (context.Client.TakeRejection() is { } rejection)
            {
                Log.CertificateRejected(logger, device.Name, rejection);
                return new Reply(null, null, Outcome.Failed(rejection, ErrorTypes.CertificateRejected)) { Cause = ex };
            }

            if (ex.InnerException is SshRunException jump)
            {
                // A jump host on the way refused its pin or credential, or could not be reached: named as that hop.
                return new Reply(null, null, new Outcome(jump.Status, -1, jump.Message, jump.ErrorType)) { Cause = ex };
            }

            if (context.Client.TakeTunnelProblem() is { } unreachable)
            {
                return new Reply(null, null, Outcome.Failed(unreachable, ErrorTypes.ConnectionFailed)) { Cause = ex };
            }

            return new Reply(null, null, Outcome.Failed($"GET {context.Client.BaseAddress.GetLeftPart(UriPartial.Authority)}{pathAndQuery} failed: {ex.Message}", ex.HttpRequestError.ToString()))
            {
                Cause = ex,
            };
        }

        var code = (int)status;
        span?.SetTag(SpanTags.HttpResponseStatusCode, code);
        var elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Log.Answered(logger, device.Name, pathAndQuery, code, elapsedMs);
        var document = TryParse(body);
        var fortiOsError = document is null ? null : FortiOsError(document.RootElement);
        if (code is < 200 or > 299)
        {
            document?.Dispose();
            return new Reply(null, body, new Outcome(ExecutionStatus.Failed, code, HttpProblem(context, code, pathAndQuery) + (fortiOsError is null ? string.Empty : $" ({fortiOsError.Value.Text})"), ExecutionSpans.Code(code)));
        }

        if (document is null)
        {
            return new Reply(null, body, new Outcome(ExecutionStatus.Failed, code, $"the answer to GET {pathAndQuery} is not JSON", ErrorTypes.InvalidResponse));
        }

        if (fortiOsError is { } error)
        {
            document.Dispose();
            return new Reply(null, body, new Outcome(ExecutionStatus.Failed, error.Code, $"FortiOS answered GET {pathAndQuery} with {error.Text}", ErrorTypes.FortiOsError));
        }

        return new Reply(document, body, null);
    }

    private string HttpProblem(RunContext context, int code, string pathAndQuery)
    {
        var device = context.Plan.Device;
        switch (code)
        {
            case 401:
                Log.TokenRefused(logger, device.Name, device.CredentialRef, code);
                return $"HTTP 401 Unauthorized for GET {pathAndQuery}: the FortiGate refused the API token of credential '{device.CredentialRef}' (wrong or expired token, or this worker is not a trusted host of the REST API admin)";
            case 403:
                Log.TokenRefused(logger, device.Name, device.CredentialRef, code);
                return $"HTTP 403 Forbidden for GET {pathAndQuery}: the REST API admin's profile may not read this" + (device.Vdom is null ? string.Empty : $" or VDOM {device.Vdom}");
            case 404:
                return $"HTTP 404 Not Found for GET {pathAndQuery}: this FortiOS version has no such monitor endpoint" + (device.Vdom is null ? string.Empty : $" or VDOM {device.Vdom} does not exist");
            case >= 500:
                return $"HTTP {code} from the FortiGate for GET {pathAndQuery} (server error)";
            default:
                return $"HTTP {code} for GET {pathAndQuery}";
        }
    }

    private static string PathAndQuery(FortiGateCall call, string? vdom, int start, int count)
    {
        var query = new List<KeyValuePair<string, string>>(call.Query);
        if (vdom is not null)
        {
            query.Add(new("vdom", vdom));
        }

        if (call.Paged)
        {
            query.Add(new("start", start.ToString(CultureInfo.InvariantCulture)));
            query.Add(new("count", count.ToString(CultureInfo.InvariantCulture)));
        }

        var path = ApiRoot + call.Path;
        return query.Count == 0
            ? path
            : path + "?" + string.Join("&", query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
    }

    private static JsonElement ResultsOf(JsonDocument document) =>
        document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("results", out var results) ? results : document.RootElement;

    /// <summary>FortiOS reports failures as <c>"status": "error"</c> with an <c>error</c> code and <c>http_status</c>.</summary>
    private static (int Code, string Text)? FortiOsError(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var status)
            || status.ValueKind != JsonValueKind.String || !string.Equals(status.GetString(), "error", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var code = root.TryGetProperty("error", out var e) && e.TryGetInt32(out var c) ? c : 1;
        var text = new StringBuilder("status error");
        if (root.TryGetProperty("error", out var errorValue))
        {
            text.Append(" (error ").Append(errorValue.ValueKind == JsonValueKind.String ? errorValue.GetString() : errorValue.GetRawText()).Append(')');
        }

        if (root.TryGetProperty("http_status", out var httpStatus))
        {
            text.Append(", http_status ").Append(httpStatus.GetRawText());
        }

        if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
        {
            text.Append(": ").Append(message.GetString());
        }

        return (code == 0 ? 1 : code, text.ToString());
    }

    private static JsonDocument? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Prompt(Device device) => device.Vdom is null ? $"{device.Name} # " : $"{device.Name} ({device.Vdom}) # ";

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private sealed record RunContext(DeviceCommandPlan Plan, FortiGateClient Client, string Token, CancellationTokenSource RunTimeout, CancellationToken CallerToken);

    private sealed record Reply(JsonDocument? Document, string? Body, Outcome? Problem)
    {
        /// <summary>The exception that ended the request, for the span's <c>exception</c> event.</summary>
        public Exception? Cause { get; init; }
    }

    private sealed record Outcome(ExecutionStatus Status, int ReturnCode, string? Error, string? ErrorType = null)
    {
        public static Outcome Failed(string error, string errorType) => new(ExecutionStatus.Failed, -1, error, errorType);
    }
}
