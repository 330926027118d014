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

    /// <summary>The source recorded for a request to a path under <c>/api/alerts</c> that is none of the endpoints.</summary>
    public const string UnknownSource = "unknown";

    /// <summary>The longest request path recorded (a path of an unknown source is the caller's to choose).</summary>
    private const int MaxPath = 200;

    /// <summary>Alert sources are not chat users: refusals carry the console platform and this unverified actor.</summary>
    public static readonly Actor Unverified = new(ChatPlatform.Console, "unverified", "Unverified alert request");

    /// <param name="source">The endpoint's <see cref="AlertSource"/> name, or <see cref="UnknownSource"/>.</param>
    public async Task RecordAsync(HttpContext http, string source, string reason)
    {
        var remote = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var path = Path(http.Request.Path.ToString());
        Log.Refused(logger, path, reason, remote);
        try
        {
            if (refusals.Admit(ChatPlatform.Console, Action, remote, source + ":" + reason))
            {
                await audit.AppendAsync(new AuditEntry(AuditKind.Denied, Unverified)
                {
                    Details = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["action"] = Action,
                        ["source"] = source,
                        ["reason"] = reason,
                        ["remoteAddress"] = remote,
                        ["path"] = path,
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

    /// <summary>The path as recorded and logged: one printable line of at most <see cref="MaxPath"/> characters.</summary>
    private static string Path(string path)
    {
        var printable = new string([.. path.Select(c => char.IsControl(c) ? ' ' : c)]);
        return printable.Length <= MaxPath ? printable : printable[..(MaxPath - 1)] + "…";
    }
}
