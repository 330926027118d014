namespace ChatNetOps.Slack.Signing;

using System.Buffers;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

/// <summary>
/// The first thing every Slack request meets: reads the raw body (bounded) and checks its signature. A request that
/// cannot be verified is recorded in the audit trail (Denied, action=slack-signature) before it is refused.
/// </summary>
internal sealed class SlackRequestGate(SlackSignatureVerifier verifier, IAuditLog audit, ILogger<SlackRequestGate> logger)
{
    public const int MaxBodyBytes = 512 * 1024;

    private static readonly Actor Unverified = new(ChatPlatform.Slack, "unverified", "Unverified Slack request");

    /// <summary>The verified raw body, or null when the request was refused and recorded (the caller answers 401).</summary>
    public async Task<byte[]?> ReadVerifiedAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(http.Request, cancellationToken);
        var check = body is null
            ? SignatureCheck.Malformed
            : verifier.Verify(
                http.Request.Headers[SlackSignatureVerifier.TimestampHeader].ToString(),
                http.Request.Headers[SlackSignatureVerifier.SignatureHeader].ToString(),
                body);
        if (check == SignatureCheck.Valid)
        {
            return body;
        }

        var reason = body is null ? "body-too-large" : check.ToString().ToLowerInvariant();
        var remote = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        Log.SignatureRejected(logger, http.Request.Path, remote, reason);
        await audit.AppendAsync(new AuditEntry(AuditKind.Denied, Unverified)
        {
            Details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["action"] = "slack-signature",
                ["reason"] = reason,
                ["remoteAddress"] = remote,
                ["path"] = http.Request.Path.ToString(),
            },
        }, CancellationToken.None);
        return null;
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.Buffer.Length > MaxBodyBytes)
            {
                reader.AdvanceTo(result.Buffer.End);
                return null;
            }

            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
