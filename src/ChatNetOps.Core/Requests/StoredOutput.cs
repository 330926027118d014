namespace ChatNetOps.Core.Requests;

/// <summary>Redacted device output kept for the record, capped at a stated size.</summary>
/// <param name="RawSha256">SHA-256 over the raw (unredacted, untruncated) output.</param>
/// <param name="RawBytes">Size of the raw output in bytes.</param>
/// <param name="Truncated">Whether <paramref name="Text"/> was cut at <paramref name="CapBytes"/>.</param>
public sealed record StoredOutput(string RequestId, string Device, string Text, string RawSha256, long RawBytes, bool Truncated, int CapBytes);
