namespace ChatNetOps.Slack.Signing;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Inbound;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

/// <summary>
/// The first thing every Slack request meets. The signature headers are checked before the body is read (present,
/// well-formed, fresh); only then is the raw body read, at most <see cref="MaxBodyBytes"/> whatever the framing
/// (<see cref="InboundBody"/>), and its signature checked. A request that cannot be verified is recorded in the audit
/// trail (Denied, action=slack-signature) before it is refused: the first of each minute per source and reason in
/// full, the rest in one summary event per minute (<see cref="InboundRefusals"/>).
/// </summary>
internal sealed class SlackRequestGate(SlackSignatureVerifier verifier, IAuditLog audit, InboundRefusals refusals, ILogger<SlackRequestGate> logger)
{
    public const int MaxBodyBytes = InboundBody.MaxBytes;

    public const string Action = "slack-signature";

    private static readonly Actor Unverified = new(ChatPlatform.Slack, "unverified", "Unverified Slack request");

    /// <summary>The verified raw body, or null when the request was refused and recorded (the caller answers 401).</summary>
    public async Task<byte[]?> ReadVerifiedAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var timestamp = http.Request.Headers[SlackSignatureVerifier.TimestampHeader].ToString();
        var signature = http.Request.Headers[SlackSignatureVerifier.SignatureHeader].ToString();
        var headers = verifier.CheckHeaders(timestamp, signature);
        if (headers != SignatureCheck.Valid)
        {
            return await RefuseAsync(http, headers.ToString().ToLowerInvariant());
        }

        var body = await InboundBody.ReadAsync(http.Request, cancellationToken);
        if (body is null)
        {
            return await RefuseAsync(http, "body-too-large");
        }

        var check = verifier.Verify(timestamp, signature, body);
        return check == SignatureCheck.Valid ? body : await RefuseAsync(http, check.ToString().ToLowerInvariant());
    }

    private async Task<byte[]?> RefuseAsync(HttpContext http, string reason)
    {
        var remote = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        Log.SignatureRejected(logger, http.Request.Path, remote, reason);
        if (refusals.Admit(ChatPlatform.Slack, Action, remote, reason))
        {
            await audit.AppendAsync(new AuditEntry(AuditKind.Denied, Unverified)
            {
                Details = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["action"] = Action,
                    ["reason"] = reason,
                    ["remoteAddress"] = remote,
                    ["path"] = http.Request.Path.ToString(),
                },
            }, CancellationToken.None);
        }

        await refusals.FlushAsync(CancellationToken.None);
        return null;
    }
}
