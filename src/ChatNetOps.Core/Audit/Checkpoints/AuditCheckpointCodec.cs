namespace ChatNetOps.Core.Audit.Checkpoints;

using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

/// <summary>
/// The canonical form of a checkpoint (UTF-8 JSON, fixed field order, no whitespace, heads sorted by partition), its MAC,
/// and the one-line record a sink stores. Parsing is strict: any missing, extra or malformed field makes the record
/// "not a checkpoint", with the reason.
/// </summary>
public static class AuditCheckpointCodec
{
    /// <summary>The previous link of checkpoint 1.</summary>
    public const string Genesis = AuditHasher.Genesis;

    /// <summary>Longest record read (a full checkpoint of ~500,000 partitions); longer ones are refused unread.</summary>
    public const int MaxRecordBytes = 64 * 1024 * 1024;

    private const int MaxTextLength = 256;

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>SHA-256 over the canonical list of every head, sorted by partition (ordinal): what <see cref="AuditCheckpoint.State"/> holds.</summary>
    public static string StateHash(IEnumerable<ChainHead> heads)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteHeads(w, heads.OrderBy(h => h.Partition, StringComparer.Ordinal));
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>Fills in <see cref="AuditCheckpoint.KeyId"/> and <see cref="AuditCheckpoint.Mac"/> with <paramref name="key"/>.</summary>
    public static AuditCheckpoint Sign(AuditCheckpoint checkpoint, AuditKey key)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(key);
        var keyed = checkpoint with { KeyId = key.Id, Mac = string.Empty };
        return keyed with { Mac = Convert.ToHexStringLower(key.Mac(Canonical(keyed, withMac: false))) };
    }

    /// <summary>Whether <paramref name="checkpoint"/>'s MAC is the one <paramref name="key"/> makes (constant-time compare).</summary>
    public static bool HasValidMac(AuditCheckpoint checkpoint, AuditKey key)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(key);
        if (!IsHex64(checkpoint.Mac))
        {
            return false;
        }

        var expected = key.Mac(Canonical(checkpoint, withMac: false));
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(checkpoint.Mac));
    }

    /// <summary>The record a sink stores: the canonical form with the MAC, and a newline.</summary>
    public static byte[] ToRecord(AuditCheckpoint checkpoint)
    {
        var body = Canonical(checkpoint, withMac: true);
        var record = new byte[body.Length + 1];
        body.CopyTo(record, 0);
        record[^1] = (byte)'\n';
        return record;
    }

    /// <summary>Parses one record; null with <paramref name="problem"/> saying why when it is not a well-formed checkpoint.</summary>
    public static AuditCheckpoint? TryParse(ReadOnlyMemory<byte> record, out string? problem)
    {
        var span = record.Span.TrimEnd("\r\n"u8);
        if (span.Length == 0)
        {
            problem = "empty";
            return null;
        }

        if (span.Length > MaxRecordBytes)
        {
            problem = $"longer than {MaxRecordBytes} bytes";
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(record[..span.Length], new JsonDocumentOptions { MaxDepth = 8 });
            return Read(document.RootElement, out problem);
        }
        catch (JsonException e)
        {
            problem = $"not JSON ({e.Message.Split('.')[0]})";
            return null;
        }
    }

    private static AuditCheckpoint? Read(JsonElement root, out string? problem)
    {
        problem = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            problem = "not a JSON object";
            return null;
        }

        string[] expected = ["v", "sequence", "timestamp", "reason", "writer", "full", "partitions", "state", "previous", "keyId", "heads", "mac"];
        var names = root.EnumerateObject().Select(p => p.Name).ToList();
        var unknown = names.FirstOrDefault(n => !expected.Contains(n, StringComparer.Ordinal));
        if (unknown is not null || names.Count != names.Distinct(StringComparer.Ordinal).Count())
        {
            problem = unknown is null ? "a field appears twice" : $"unknown field '{Printable(unknown)}'";
            return null;
        }

        var missing = expected.FirstOrDefault(n => !names.Contains(n, StringComparer.Ordinal));
        if (missing is not null)
        {
            problem = $"no '{missing}'";
            return null;
        }

        if (!root.GetProperty("v").TryGetInt32(out var version) || version != AuditCheckpoint.FormatVersion)
        {
            problem = $"format 'v' is not {AuditCheckpoint.FormatVersion}";
            return null;
        }

        if (!TryPositive(root.GetProperty("sequence"), out var sequence))
        {
            problem = "'sequence' is not a positive integer";
            return null;
        }

        if (Text(root, "timestamp") is not { } stamp
            || !DateTimeOffset.TryParseExact(stamp, "yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp))
        {
            problem = "'timestamp' is not a UTC time in round-trip form";
            return null;
        }

        if (Text(root, "reason") is not { } reasonText || !Enum.TryParse<AuditCheckpointReason>(reasonText, ignoreCase: false, out var reason)
            || !Enum.IsDefined(reason) || !string.Equals(reason.ToString(), reasonText, StringComparison.Ordinal))
        {
            problem = "'reason' is not a checkpoint reason";
            return null;
        }

        var full = root.GetProperty("full");
        if (full.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            problem = "'full' is not true or false";
            return null;
        }

        if (!root.GetProperty("partitions").TryGetInt32(out var partitions) || partitions < 0)
        {
            problem = "'partitions' is not a count";
            return null;
        }

        var writer = Text(root, "writer");
        var keyId = Text(root, "keyId");
        var state = Text(root, "state");
        var previous = Text(root, "previous");
        var mac = Text(root, "mac");
        if (writer is null || keyId is null || keyId.Length == 0 || !IsHex64(state) || !IsHex64(previous) || !IsHex64(mac))
        {
            problem = "'writer', 'keyId', 'state', 'previous' or 'mac' is missing or malformed";
            return null;
        }

        var headsElement = root.GetProperty("heads");
        if (headsElement.ValueKind != JsonValueKind.Array)
        {
            problem = "'heads' is not a list";
            return null;
        }

        var heads = new List<ChainHead>(headsElement.GetArrayLength());
        string? last = null;
        foreach (var h in headsElement.EnumerateArray())
        {
            if (h.ValueKind != JsonValueKind.Object || h.EnumerateObject().Count() != 3
                || !h.TryGetProperty("partition", out var p) || p.ValueKind != JsonValueKind.String || p.GetString() is not { Length: > 0 and <= MaxTextLength } partition
                || !h.TryGetProperty("sequence", out var s) || !TryPositive(s, out var headSequence)
                || !h.TryGetProperty("hash", out var x) || x.ValueKind != JsonValueKind.String || !IsHex64(x.GetString()))
            {
                problem = $"head {heads.Count + 1} is not {{partition, sequence, hash}}";
                return null;
            }

            if (last is not null && string.CompareOrdinal(last, partition) >= 0)
            {
                problem = "'heads' are not sorted by partition, or name one twice";
                return null;
            }

            heads.Add(new ChainHead(partition, headSequence, x.GetString()!));
            last = partition;
        }

        return new AuditCheckpoint(sequence, timestamp, reason, writer, full.GetBoolean(), heads, partitions, state!, previous!, keyId, mac!);
    }

    private static byte[] Canonical(AuditCheckpoint c, bool withMac)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (c.Heads.Count * 128));
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("v", AuditCheckpoint.FormatVersion);
            w.WriteNumber("sequence", c.Sequence);
            w.WriteString("timestamp", c.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
            w.WriteString("reason", c.Reason.ToString());
            w.WriteString("writer", c.Writer);
            w.WriteBoolean("full", c.Full);
            w.WriteNumber("partitions", c.Partitions);
            w.WriteString("state", c.State);
            w.WriteString("previous", c.Previous);
            w.WriteString("keyId", c.KeyId);
            w.WritePropertyName("heads");
            WriteHeads(w, c.Heads.OrderBy(h => h.Partition, StringComparer.Ordinal));
            if (withMac)
            {
                w.WriteString("mac", c.Mac);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteHeads(Utf8JsonWriter w, IEnumerable<ChainHead> heads)
    {
        w.WriteStartArray();
        foreach (var h in heads)
        {
            w.WriteStartObject();
            w.WriteString("partition", h.Partition);
            w.WriteNumber("sequence", h.Sequence);
            w.WriteString("hash", h.Hash);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static string? Text(JsonElement root, string name)
    {
        var value = root.GetProperty(name);
        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: <= MaxTextLength } text ? text : null;
    }

    private static bool TryPositive(JsonElement value, out long number)
    {
        number = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out number) && number >= 1;
    }

    private static bool IsHex64(string? text) =>
        text is { Length: 64 } && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private static string Printable(string text) =>
        new([.. text.Take(40).Select(c => char.IsControl(c) ? '?' : c)]);
}
