namespace ChatNetOps.Slack.Signing;

/// <summary>The outcome of checking one request's <c>X-Slack-Signature</c>.</summary>
internal enum SignatureCheck
{
    Valid,

    /// <summary>X-Slack-Request-Timestamp or X-Slack-Signature is absent or empty.</summary>
    Missing,

    /// <summary>The timestamp is not a unix time, or the signature is not <c>v0=</c> followed by 64 hex digits.</summary>
    Malformed,

    /// <summary>The timestamp is further from now than the tolerance (replay protection).</summary>
    Stale,

    /// <summary>The signature does not match the body and timestamp.</summary>
    Mismatch,
}
