namespace ChatNetOps.Alerts.Inbound;

using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

/// <summary>
/// Records a refused alert request (kind Denied, action <c>alert-inbound</c>, the source and the reason) before it is
/// answered. As for the chat endpoints, refusals are counted per source address and reason by
/// <see cref="InboundRefusals"/>: the first of each minute are recorded in full, the rest in one summary per minute.
/// A trail that cannot be written does not turn a refusal into a 5xx (the source would only retry a bad request).
/// </summary>
internal sealed class AlertRefusals(IAuditLog audit, InboundRefusals refusals, ILogger<AlertRefusals> logger)
{
    public const string Action = "alert-inbound";

    /// <summary>Alert sources are not chat users: refusals carry the console platform and this unverified actor.</summary>
    public static readonly Actor Unverified = new(ChatPlatform.Console, "unverified", "Unverified alert request");

    public async Task RecordAsync(HttpContext http, AlertSource source, string reason)
    {
        var remote = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        Log.Refused(logger, http.Request.Path, reason, remote);
        try
        {
            if (refusals.Admit(ChatPlatform.Console, Action, remote, source + ":" + reason))
            {
                await audit.AppendAsync(new AuditEntry(AuditKind.Denied, Unverified)
                {
                    Details = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["action"] = Action,
                        ["source"] = source.ToString(),
                        ["reason"] = reason,
                        ["remoteAddress"] = remote,
                        ["path"] = http.Request.Path.ToString(),
                    },
                }, CancellationToken.None).ConfigureAwait(false);
            }

            await refusals.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.RefusalNotRecorded(logger, e);
        }
    }
}
