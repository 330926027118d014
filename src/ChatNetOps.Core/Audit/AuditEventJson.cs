namespace ChatNetOps.Core.Audit;

using System.Text;
using System.Text.Json;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>
/// Reads an audit event as the stores write it (<see cref="CoreJsonContext"/>: camelCase names, string enums, null
/// members left out) in one pass of a <see cref="Utf8JsonReader"/>, for reading whole trails fast. It accepts only that
/// exact shape: anything else (another name casing, a number given as a string, an unknown or repeated member, a
/// missing one) returns false, and the caller deserializes with <see cref="CoreJsonContext"/>, so the result is always
/// what the serializer would have produced.
/// </summary>
public static class AuditEventJson
{
    private static readonly (byte[] Name, AuditKind Kind)[] Kinds =
        [.. Enum.GetValues<AuditKind>().Select(k => (Encoding.UTF8.GetBytes(k.ToString()), k))];

    private static readonly (byte[] Name, ChatPlatform Platform)[] Platforms =
        [.. Enum.GetValues<ChatPlatform>().Select(p => (Encoding.UTF8.GetBytes(p.ToString()), p))];

    [Flags]
    private enum Seen
    {
        None = 0,
        Id = 1 << 0,
        Partition = 1 << 1,
        Sequence = 1 << 2,
        Timestamp = 1 << 3,
        Kind = 1 << 4,
        Actor = 1 << 5,
        RequestId = 1 << 6,
        Runbook = 1 << 7,
        Device = 1 << 8,
        Incident = 1 << 9,
        MessageLink = 1 << 10,
        Details = 1 << 11,
        PreviousHash = 1 << 12,
        Hash = 1 << 13,
        Required = Id | Partition | Sequence | Timestamp | Kind | Actor | Details | PreviousHash | Hash,
    }

    /// <summary>The event in <paramref name="utf8Json"/>, or false when it is not in the exact stored shape.</summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8Json, out AuditEvent? auditEvent)
    {
        auditEvent = null;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, isFinalBlock: true, state: default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var seen = Seen.None;
            string? id = null, partition = null, requestId = null, runbook = null, device = null, incident = null, messageLink = null, previousHash = null, hash = null;
            long sequence = 0;
            DateTimeOffset timestamp = default;
            AuditKind kind = default;
            Actor? actor = null;
            Dictionary<string, string>? details = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var member = Member(ref reader);
                if (member == Seen.None || (seen & member) != 0 || !reader.Read())
                {
                    return false;
                }

                seen |= member;
                switch (member)
                {
                    case Seen.Id when reader.TokenType == JsonTokenType.String:
                        id = reader.GetString();
                        break;
                    case Seen.Partition when reader.TokenType == JsonTokenType.String:
                        partition = reader.GetString();
                        break;
                    case Seen.Sequence when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out sequence):
                        break;
                    case Seen.Timestamp when reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out timestamp):
                        break;
                    case Seen.Kind when reader.TokenType == JsonTokenType.String && TryKind(ref reader, out kind):
                        break;
                    case Seen.Actor when reader.TokenType == JsonTokenType.StartObject && TryActor(ref reader, out actor):
                        break;
                    case Seen.RequestId when reader.TokenType == JsonTokenType.String:
                        requestId = reader.GetString();
                        break;
                    case Seen.Runbook when reader.TokenType == JsonTokenType.String:
                        runbook = reader.GetString();
                        break;
                    case Seen.Device when reader.TokenType == JsonTokenType.String:
                        device = reader.GetString();
                        break;
                    case Seen.Incident when reader.TokenType == JsonTokenType.String:
                        incident = reader.GetString();
                        break;
                    case Seen.MessageLink when reader.TokenType == JsonTokenType.String:
                        messageLink = reader.GetString();
                        break;
                    case Seen.Details when reader.TokenType == JsonTokenType.StartObject && TryDetails(ref reader, out details):
                        break;
                    case Seen.PreviousHash when reader.TokenType == JsonTokenType.String:
                        previousHash = reader.GetString();
                        break;
                    case Seen.Hash when reader.TokenType == JsonTokenType.String:
                        hash = reader.GetString();
                        break;
                    default:
                        return false;
                }
            }

            // The object must close and nothing may follow it.
            if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != 0 || reader.Read() || (seen & Seen.Required) != Seen.Required)
            {
                return false;
            }

            auditEvent = new AuditEvent(id!, partition!, sequence, timestamp, kind, actor!, requestId, runbook, device, incident, messageLink, details!, previousHash!, hash!);
            return true;
        }
        catch (JsonException)
        {
            // Malformed: the serializer reports it in its own words.
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static Seen Member(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            return Seen.None;
        }

        var name = reader.ValueSpan;
        return name.Length switch
        {
            2 when name.SequenceEqual("id"u8) => Seen.Id,
            4 when name.SequenceEqual("kind"u8) => Seen.Kind,
            4 when name.SequenceEqual("hash"u8) => Seen.Hash,
            5 when name.SequenceEqual("actor"u8) => Seen.Actor,
            6 when name.SequenceEqual("device"u8) => Seen.Device,
            7 when name.SequenceEqual("runbook"u8) => Seen.Runbook,
            7 when name.SequenceEqual("details"u8) => Seen.Details,
            8 when name.SequenceEqual("sequence"u8) => Seen.Sequence,
            8 when name.SequenceEqual("incident"u8) => Seen.Incident,
            9 when name.SequenceEqual("partition"u8) => Seen.Partition,
            9 when name.SequenceEqual("timestamp"u8) => Seen.Timestamp,
            9 when name.SequenceEqual("requestId"u8) => Seen.RequestId,
            11 when name.SequenceEqual("messageLink"u8) => Seen.MessageLink,
            12 when name.SequenceEqual("previousHash"u8) => Seen.PreviousHash,
            _ => Seen.None,
        };
    }

    private static bool TryKind(ref Utf8JsonReader reader, out AuditKind kind)
    {
        kind = default;
        if (reader.ValueIsEscaped)
        {
            return false;
        }

        foreach (var (name, value) in Kinds)
        {
            if (reader.ValueSpan.SequenceEqual(name))
            {
                kind = value;
                return true;
            }
        }

        return false;
    }

    private static bool TryActor(ref Utf8JsonReader reader, out Actor? actor)
    {
        actor = null;
        ChatPlatform? platform = null;
        string? userId = null, displayName = null, memberId = null, matchedBy = null;
        bool memberSeen = false, matchedSeen = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped)
            {
                return false;
            }

            var name = reader.ValueSpan;
            if (!reader.Read())
            {
                return false;
            }

            if (name.SequenceEqual("platform"u8) && platform is null && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
            {
                foreach (var (text, value) in Platforms)
                {
                    if (reader.ValueSpan.SequenceEqual(text))
                    {
                        platform = value;
                    }
                }

                if (platform is null)
                {
                    return false;
                }
            }
            else if (name.SequenceEqual("userId"u8) && userId is null && reader.TokenType == JsonTokenType.String)
            {
                userId = reader.GetString();
            }
            else if (name.SequenceEqual("displayName"u8) && displayName is null && reader.TokenType == JsonTokenType.String)
            {
                displayName = reader.GetString();
            }
            else if (name.SequenceEqual("memberId"u8) && !memberSeen && reader.TokenType == JsonTokenType.String)
            {
                memberSeen = true;
                memberId = reader.GetString();
            }
            else if (name.SequenceEqual("matchedBy"u8) && !matchedSeen && reader.TokenType == JsonTokenType.String)
            {
                matchedSeen = true;
                matchedBy = reader.GetString();
            }
            else
            {
                return false;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || platform is null || userId is null || displayName is null)
        {
            return false;
        }

        actor = new Actor(platform.Value, userId, displayName) { MemberId = memberId, MatchedBy = matchedBy };
        return true;
    }

    private static bool TryDetails(ref Utf8JsonReader reader, out Dictionary<string, string>? details)
    {
        details = new Dictionary<string, string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.String || !details.TryAdd(key, reader.GetString()!))
            {
                return false;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }
}
