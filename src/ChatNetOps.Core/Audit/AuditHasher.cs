namespace ChatNetOps.Core.Audit;

using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

/// <summary>Canonical JSON of an audit event and its SHA-256, the basis of the chain.</summary>
/// <remarks>
/// Verifying a trail hashes every event, so the canonical form is written without per-event garbage: each thread
/// reuses one buffer and one <see cref="Utf8JsonWriter"/>, the timestamp is formatted into a stack buffer, and
/// <see cref="HashMatches"/> compares against the stored hex text without building a string.
/// </remarks>
public static class AuditHasher
{
    /// <summary>The previous hash of the first event of a partition.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText PartitionName = JsonEncodedText.Encode("partition");
    private static readonly JsonEncodedText SequenceName = JsonEncodedText.Encode("sequence");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText KindName = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText ActorName = JsonEncodedText.Encode("actor");
    private static readonly JsonEncodedText PlatformName = JsonEncodedText.Encode("platform");
    private static readonly JsonEncodedText UserIdName = JsonEncodedText.Encode("userId");
    private static readonly JsonEncodedText DisplayNameName = JsonEncodedText.Encode("displayName");
    private static readonly JsonEncodedText MemberIdName = JsonEncodedText.Encode("memberId");
    private static readonly JsonEncodedText MatchedByName = JsonEncodedText.Encode("matchedBy");
    private static readonly JsonEncodedText RequestIdName = JsonEncodedText.Encode("requestId");
    private static readonly JsonEncodedText RunbookName = JsonEncodedText.Encode("runbook");
    private static readonly JsonEncodedText DeviceName = JsonEncodedText.Encode("device");
    private static readonly JsonEncodedText IncidentName = JsonEncodedText.Encode("incident");
    private static readonly JsonEncodedText MessageLinkName = JsonEncodedText.Encode("messageLink");
    private static readonly JsonEncodedText DetailsName = JsonEncodedText.Encode("details");
    private static readonly JsonEncodedText PreviousHashName = JsonEncodedText.Encode("previousHash");

    [ThreadStatic]
    private static Scratch? _scratch;

    public static string ComputeHash(AuditEvent e)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Hash(e, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Whether <paramref name="e"/>'s <see cref="AuditEvent.Hash"/> is exactly the lower-case hex SHA-256 of its canonical
    /// JSON: the same check as comparing with <see cref="ComputeHash"/>, without allocating.
    /// </summary>
    public static bool HashMatches(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Hash(e, hash);
        Span<char> hex = stackalloc char[SHA256.HashSizeInBytes * 2];
        return Convert.TryToHexStringLower(hash, hex, out var written)
            && written == hex.Length
            && hex.SequenceEqual(e.Hash.AsSpan());
    }

    /// <summary>
    /// Fixed field order, UTC timestamps in round-trip format, details sorted by ordinal key, no whitespace.
    /// The hash field itself is excluded.
    /// </summary>
    public static void WriteCanonical(IBufferWriter<byte> output, AuditEvent e)
    {
        using var w = new Utf8JsonWriter(output, WriterOptions);
        WriteCanonical(w, e);
        w.Flush();
    }

    private static void Hash(AuditEvent e, Span<byte> hash)
    {
        ArgumentNullException.ThrowIfNull(e);
        var scratch = _scratch ??= new Scratch();
        scratch.Buffer.ResetWrittenCount();
        scratch.Writer.Reset(scratch.Buffer);
        WriteCanonical(scratch.Writer, e);
        scratch.Writer.Flush();
        SHA256.HashData(scratch.Buffer.WrittenSpan, hash);
        if (scratch.Buffer.Capacity > Scratch.MaxKeptBytes)
        {
            // One huge event must not pin its buffer to the thread for good.
            _scratch = null;
        }
    }

    private static void WriteCanonical(Utf8JsonWriter w, AuditEvent e)
    {
        w.WriteStartObject();
        w.WriteString(IdName, e.Id);
        w.WriteString(PartitionName, e.Partition);
        w.WriteNumber(SequenceName, e.Sequence);
        Span<byte> timestamp = stackalloc byte[32];
        if (!e.Timestamp.UtcDateTime.TryFormat(timestamp, out var length, "yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"Audit event {e.Id}: its timestamp could not be formatted.");
        }

        w.WriteString(TimestampName, timestamp[..length]);
        w.WriteString(KindName, e.Kind.ToString());
        w.WriteStartObject(ActorName);
        w.WriteString(PlatformName, e.Actor.Platform.ToString());
        w.WriteString(UserIdName, e.Actor.UserId);
        w.WriteString(DisplayNameName, e.Actor.DisplayName);
        WriteNullable(w, MemberIdName, e.Actor.MemberId);
        if (e.Actor.MatchedBy is not null)
        {
            // Written only when set, so events recorded before it existed hash as they did.
            w.WriteString(MatchedByName, e.Actor.MatchedBy);
        }

        w.WriteEndObject();
        WriteNullable(w, RequestIdName, e.RequestId);
        WriteNullable(w, RunbookName, e.Runbook);
        WriteNullable(w, DeviceName, e.Device);
        WriteNullable(w, IncidentName, e.Incident);
        WriteNullable(w, MessageLinkName, e.MessageLink);
        w.WriteStartObject(DetailsName);
        WriteDetails(w, e.Details);
        w.WriteEndObject();
        w.WriteString(PreviousHashName, e.PreviousHash);
        w.WriteEndObject();
    }

    private static void WriteDetails(Utf8JsonWriter w, IReadOnlyDictionary<string, string> details)
    {
        var count = details.Count;
        if (count == 0)
        {
            return;
        }

        var pairs = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(count);
        var n = 0;
        try
        {
            foreach (var pair in details)
            {
                if (n == pairs.Length)
                {
                    throw new InvalidOperationException("An audit event's details changed while its hash was computed.");
                }

                pairs[n++] = pair;
            }

            Array.Sort(pairs, 0, n, ByKey.Instance);
            for (var i = 0; i < n; i++)
            {
                w.WriteString(pairs[i].Key, pairs[i].Value);
            }
        }
        finally
        {
            Array.Clear(pairs, 0, n);
            ArrayPool<KeyValuePair<string, string>>.Shared.Return(pairs);
        }
    }

    private static void WriteNullable(Utf8JsonWriter w, JsonEncodedText name, string? value)
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

    private sealed class Scratch
    {
        public const int MaxKeptBytes = 64 * 1024;

        public ArrayBufferWriter<byte> Buffer { get; } = new(1024);

        public Utf8JsonWriter Writer { get; }

        public Scratch() => Writer = new Utf8JsonWriter(Buffer, WriterOptions);
    }

    private sealed class ByKey : IComparer<KeyValuePair<string, string>>
    {
        public static ByKey Instance { get; } = new();

        public int Compare(KeyValuePair<string, string> x, KeyValuePair<string, string> y) => string.CompareOrdinal(x.Key, y.Key);
    }
}
