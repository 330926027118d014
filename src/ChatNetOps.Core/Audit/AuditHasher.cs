namespace ChatNetOps.Core.Audit;

using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

/// <summary>Canonical JSON of an audit event and its SHA-256, the basis of the chain.</summary>
public static class AuditHasher
{
    /// <summary>The previous hash of the first event of a partition.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string ComputeHash(AuditEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        WriteCanonical(buffer, e);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Fixed field order, UTC timestamps in round-trip format, details sorted by ordinal key, no whitespace.
    /// The hash field itself is excluded.
    /// </summary>
    public static void WriteCanonical(IBufferWriter<byte> output, AuditEvent e)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("id", e.Id);
        w.WriteString("partition", e.Partition);
        w.WriteNumber("sequence", e.Sequence);
        w.WriteString("timestamp", e.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
        w.WriteString("kind", e.Kind.ToString());
        w.WriteStartObject("actor");
        w.WriteString("platform", e.Actor.Platform.ToString());
        w.WriteString("userId", e.Actor.UserId);
        w.WriteString("displayName", e.Actor.DisplayName);
        WriteNullable(w, "memberId", e.Actor.MemberId);
        if (e.Actor.MatchedBy is not null)
        {
            // Written only when set, so events recorded before it existed hash as they did.
            w.WriteString("matchedBy", e.Actor.MatchedBy);
        }

        w.WriteEndObject();
        WriteNullable(w, "requestId", e.RequestId);
        WriteNullable(w, "runbook", e.Runbook);
        WriteNullable(w, "device", e.Device);
        WriteNullable(w, "incident", e.Incident);
        WriteNullable(w, "messageLink", e.MessageLink);
        w.WriteStartObject("details");
        foreach (var (key, value) in e.Details.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
        w.WriteString("previousHash", e.PreviousHash);
        w.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
