namespace ChatNetOps.Alerts.Inbound;

using ChatNetOps.Alerts.Auth;
using ChatNetOps.Alerts.Payloads;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Inbound;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

/// <summary>
/// One alert request, whatever the source: refused (401, worded like a wrong credential) when the endpoint has no secret configured; credentials or
/// signature headers checked before the body is read; the body read bounded by <see cref="InboundBody.MaxBytes"/>
/// (413 past it); the signature checked over the raw body; the body parsed (400 for what will never be valid); then
/// recorded durably, and only then 200. A store that cannot be reached answers 503, which every source retries.
/// Every refusal is recorded (<see cref="AlertRefusals"/>); nothing of a refused request is stored.
/// </summary>
internal sealed class AlertIntake(IEnumerable<IAlertAuthenticator> authenticators, IAlertStore store, AlertRefusals refusals, AlertSignal signal, TimeProvider time, ILogger<AlertIntake> logger)
{
    private readonly Dictionary<AlertSource, IAlertAuthenticator> _authenticators = authenticators.ToDictionary(a => a.Source);

    public async Task<IResult> HandleAsync(HttpContext http, AlertSource source)
    {
        var cancellationToken = http.RequestAborted;
        var authenticator = _authenticators[source];
        if (!authenticator.IsConfigured)
        {
            return await RefuseAsync(http, source, StatusCodes.Status401Unauthorized, "not-configured", "The request is not authenticated.");
        }

        AlertAuthResult headers;
        try
        {
            headers = await authenticator.CheckHeadersAsync(http.Request, cancellationToken);
        }
        catch (AlertAuthUnavailableException e)
        {
            Log.AuthUnavailable(logger, source, e);
            return Problem(StatusCodes.Status503ServiceUnavailable, "unavailable", "The request cannot be checked now; send it again.");
        }

        if (!headers.IsAccepted)
        {
            return await RefuseAsync(http, source, StatusCodes.Status401Unauthorized, headers.RefusalReason!, "The request is not authenticated.");
        }

        var body = await InboundBody.ReadAsync(http.Request, cancellationToken);
        if (body is null)
        {
            return await RefuseAsync(http, source, StatusCodes.Status413PayloadTooLarge, "body-too-large", $"The body is larger than {InboundBody.MaxBytes} bytes.");
        }

        var signed = authenticator.CheckBody(http.Request, body);
        if (!signed.IsAccepted)
        {
            return await RefuseAsync(http, source, StatusCodes.Status401Unauthorized, signed.RefusalReason!, "The request is not authenticated.");
        }

        AlertNotification notification;
        try
        {
            var now = time.GetUtcNow();
            notification = source switch
            {
                AlertSource.Alertmanager or AlertSource.Grafana => AlertPayloadParser.ParseAlertmanager(source, body, now),
                AlertSource.AzureMonitor => AlertPayloadParser.ParseAzureMonitor(body, now),
                AlertSource.Webhook => AlertPayloadParser.ParseWebhook(body, http.Request.Headers[StandardWebhookAuthenticator.IdHeader].ToString(), now),
                _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown alert source."),
            };
        }
        catch (AlertPayloadException e)
        {
            return await RefuseAsync(http, source, StatusCodes.Status400BadRequest, "malformed", e.Message);
        }

        bool recorded;
        try
        {
            recorded = await store.RecordAsync(notification, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.StoreUnavailable(logger, source, e);
            return Problem(StatusCodes.Status503ServiceUnavailable, "store-unavailable", "The notification could not be recorded; send it again.");
        }

        if (recorded)
        {
            Log.Recorded(logger, notification.Id, source, notification.GroupKey, notification.Alerts.Count, notification.Status);
            signal.Notify();
        }
        else
        {
            Log.Duplicate(logger, notification.Id, source);
        }

        return TypedResults.Ok(new AlertAccepted(notification.Id, recorded ? "recorded" : "duplicate"));
    }

    /// <summary>A POST under <c>/api/alerts</c> that is none of the four endpoints: 404 and an audited denial; the body is never read.</summary>
    public async Task<IResult> RefuseUnknownSourceAsync(HttpContext http)
    {
        await refusals.RecordAsync(http, AlertRefusals.UnknownSource, "unknown-source");
        return Problem(StatusCodes.Status404NotFound, "unknown-source", $"There is no alert endpoint here; the alert endpoints are {string.Join(", ", AlertEndpoints.All)}.");
    }

    private async Task<IResult> RefuseAsync(HttpContext http, AlertSource source, int status, string reason, string message)
    {
        await refusals.RecordAsync(http, source.ToString(), reason);

        // An endpoint without a secret answers like a wrong credential: its state is for the audit trail, not the caller.
        return Problem(status, reason == "not-configured" ? "not-authenticated" : reason, message);
    }

    private static ProblemHttpResult Problem(int status, string code, string message) =>
        TypedResults.Problem(detail: message, statusCode: status, extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code });
}
