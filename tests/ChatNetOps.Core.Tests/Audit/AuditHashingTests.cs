namespace ChatNetOps.Core.Tests.Audit;

using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatNetOps.Core;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>
/// The allocation-free hasher and the one-pass event reader that verifying a whole trail uses must give exactly what the
/// plain forms give: the canonical JSON as first specified (kept here as the reference), and the event the serializer
/// reads; anything the fast reader does not recognise goes to the serializer.
/// </summary>
public sealed class AuditHashingTests
{
    private static readonly Actor Alice = new(ChatPlatform.Slack, "U-ALICE", "Alice") { MemberId = "alice" };

    public static TheoryData<string> Events() => [.. Samples().Keys];

    [Theory]
    [MemberData(nameof(Events))]
    public void TheCanonicalForm_IsTheReferenceForm_ByteForByte(string name)
    {
        var e = Samples()[name];
        var buffer = new ArrayBufferWriter<byte>();
        AuditHasher.WriteCanonical(buffer, e);

        Assert.Equal(Encoding.UTF8.GetString(Reference(e)), Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Reference(e))), AuditHasher.ComputeHash(e));
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void HashMatches_HoldsForTheExactLowerCaseHash_Only(string name)
    {
        var e = Samples()[name];
        var hash = Convert.ToHexStringLower(SHA256.HashData(Reference(e)));

        Assert.True(AuditHasher.HashMatches(e with { Hash = hash }));
        Assert.False(AuditHasher.HashMatches(e with { Hash = hash.ToUpperInvariant() }));
        Assert.False(AuditHasher.HashMatches(e with { Hash = hash[..^1] }));
        Assert.False(AuditHasher.HashMatches(e with { Hash = hash + "0" }));
        Assert.False(AuditHasher.HashMatches(e with { Hash = string.Empty }));
        Assert.False(AuditHasher.HashMatches(e with { Hash = hash, Runbook = (e.Runbook ?? string.Empty) + "x" }));
    }

    [Fact]
    public void AHugeEvent_ThenASmallOne_BothHashAsTheReference()
    {
        var huge = Samples()["plain"] with { Details = new Dictionary<string, string> { ["output"] = new string('x', 300_000) + "é\"" } };
        var small = Samples()["plain"];

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Reference(huge))), AuditHasher.ComputeHash(huge));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Reference(small))), AuditHasher.ComputeHash(small));
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void TheFastReader_ReadsWhatTheStoresWrite_AsTheSerializerDoes(string name)
    {
        var e = Samples()[name];
        var json = JsonSerializer.SerializeToUtf8Bytes(e, CoreJsonContext.Default.AuditEvent);

        Assert.True(AuditEventJson.TryRead(json, out var fast));
        AssertSame(JsonSerializer.Deserialize(json, CoreJsonContext.Default.AuditEvent)!, fast!);
    }

    [Theory]
    [InlineData("names in another casing", """{"Id":"d:1","partition":"d","sequence":1,"timestamp":"2026-01-05T08:00:00+00:00","kind":"Requested","actor":{"platform":"Slack","userId":"U","displayName":"A"},"details":{},"previousHash":"p","hash":"h"}""")]
    [InlineData("sequence as a string", """{"id":"d:1","partition":"d","sequence":"1","timestamp":"2026-01-05T08:00:00+00:00","kind":"Requested","actor":{"platform":"Slack","userId":"U","displayName":"A"},"details":{},"previousHash":"p","hash":"h"}""")]
    [InlineData("kind as a number", """{"id":"d:1","partition":"d","sequence":1,"timestamp":"2026-01-05T08:00:00+00:00","kind":3,"actor":{"platform":"Slack","userId":"U","displayName":"A"},"details":{},"previousHash":"p","hash":"h"}""")]
    [InlineData("kind in lower case", """{"id":"d:1","partition":"d","sequence":1,"timestamp":"2026-01-05T08:00:00+00:00","kind":"requested","actor":{"platform":"Slack","userId":"U","displayName":"A"},"details":{},"previousHash":"p","hash":"h"}""")]
    [InlineData("a repeated member", """{"id":"d:1","partition":"d","sequence":1,"timestamp":"2026-01-05T08:00:00+00:00","kind":"Requested","runbook":"a","runbook":"b","actor":{"platform":"Slack","userId":"U","displayName":"A"},"details":{},"previousHash":"p","hash":"h"}""")]
    [InlineData("a repeated detail", """{"id":"d:1","partition":"d","sequence":1,"timestamp":"2026-01-05T08:00:00+00:00","kind":"Requested","actor":{"platform":"Slack","userId":"U","displayName":"A"},"details":{"k":"1","k":"2"},"previousHash":"p","hash":"h"}""")]
    [InlineData("an unknown member", """{"id":"d:1","partition":"d","sequence":1,"timestamp":"2026-01-05T08:00:00+00:00","kind":"Requested","actor":{"platform":"Slack","userId":"U","displayName":"A"},"details":{},"previousHash":"p","hash":"h","extra":1}""")]
    [InlineData("an escaped member name", """{"\u0069d":"d:1","partition":"d","sequence":1,"timestamp":"2026-01-05T08:00:00+00:00","kind":"Requested","actor":{"platform":"Slack","userId":"U","displayName":"A"},"details":{},"previousHash":"p","hash":"h"}""")]
    [InlineData("null details", """{"id":"d:1","partition":"d","sequence":1,"timestamp":"2026-01-05T08:00:00+00:00","kind":"Requested","actor":{"platform":"Slack","userId":"U","displayName":"A"},"details":null,"previousHash":"p","hash":"h"}""")]
    [InlineData("a null detail", """{"id":"d:1","partition":"d","sequence":1,"timestamp":"2026-01-05T08:00:00+00:00","kind":"Requested","actor":{"platform":"Slack","userId":"U","displayName":"A"},"details":{"k":null},"previousHash":"p","hash":"h"}""")]
    [InlineData("a missing hash", """{"id":"d:1","partition":"d","sequence":1,"timestamp":"2026-01-05T08:00:00+00:00","kind":"Requested","actor":{"platform":"Slack","userId":"U","displayName":"A"},"details":{},"previousHash":"p"}""")]
    [InlineData("an actor without a platform", """{"id":"d:1","partition":"d","sequence":1,"timestamp":"2026-01-05T08:00:00+00:00","kind":"Requested","actor":{"userId":"U","displayName":"A"},"details":{},"previousHash":"p","hash":"h"}""")]
    [InlineData("an explicit null", """{"id":"d:1","partition":"d","sequence":1,"timestamp":"2026-01-05T08:00:00+00:00","kind":"Requested","actor":{"platform":"Slack","userId":"U","displayName":"A"},"runbook":null,"details":{},"previousHash":"p","hash":"h"}""")]
    [InlineData("content after the object", """{"id":"d:1","partition":"d","sequence":1,"timestamp":"2026-01-05T08:00:00+00:00","kind":"Requested","actor":{"platform":"Slack","userId":"U","displayName":"A"},"details":{},"previousHash":"p","hash":"h"} {}""")]
    [InlineData("a truncated object", """{"id":"d:1","partition":"d","sequence":1,"timestamp":"2026-01-05T08:00:00+00:00","kind":"Requested","actor":{"platform":"Slack","userId":"U","displayName":"A"},"details":{}""")]
    [InlineData("an array", """[1,2]""")]
    public void AnythingButTheStoredShape_IsLeftToTheSerializer(string what, string json)
    {
        Assert.False(AuditEventJson.TryRead(Encoding.UTF8.GetBytes(json), out var e), what);
        Assert.Null(e);
    }

    [Fact]
    public void TheFastReader_UnescapesValues_AsTheSerializerDoes()
    {
        var json = Encoding.UTF8.GetBytes("""{"id":"d:1","partition":"d","sequence":7,"timestamp":"2026-01-05T08:00:00.1234567-05:00","kind":"Denied","actor":{"platform":"Teams","userId":"U\"1","displayName":"\u00e9\ud83d\ude00"},"device":"sw\\1","details":{"te\u0078t":"a\nb"},"previousHash":"p","hash":"h"}""");

        Assert.True(AuditEventJson.TryRead(json, out var fast));
        AssertSame(JsonSerializer.Deserialize(json, CoreJsonContext.Default.AuditEvent)!, fast!);
        Assert.Equal("a\nb", fast!.Details["text"]);
    }

    private static void AssertSame(AuditEvent expected, AuditEvent actual)
    {
        Assert.Equal(expected with { Details = actual.Details }, actual);
        Assert.Equal(expected.Details.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Details.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Timestamp.Offset, actual.Timestamp.Offset);
    }

    private static Dictionary<string, AuditEvent> Samples()
    {
        var at = new DateTimeOffset(2026, 3, 1, 23, 59, 59, TimeSpan.FromHours(2)).AddTicks(1234567);
        var plain = new AuditEvent("day-2026-03-01:0000000001", "day-2026-03-01", 1, at, AuditKind.Requested, Alice, "REQ-1", "show-interface", "sw-01", null, null,
            new Dictionary<string, string> { ["mode"] = "ReadOnly", ["conversation"] = "C1" }, AuditHasher.Genesis, "h");
        return new Dictionary<string, AuditEvent>(StringComparer.Ordinal)
        {
            ["plain"] = plain,
            ["all members set"] = plain with
            {
                Actor = Alice with { MatchedBy = MemberMatch.ByEmail },
                Incident = "INC-7",
                MessageLink = "https://example.slack.com/archives/C1/p1",
                Kind = AuditKind.RunAttached,
            },
            ["no member id, no details"] = plain with { Actor = new Actor(ChatPlatform.Console, "ops", "Ops"), Details = new Dictionary<string, string>(), RequestId = null, Runbook = null, Device = null },
            ["details out of order"] = plain with
            {
                Details = new Dictionary<string, string> { ["zeta"] = "1", ["Alpha"] = "2", ["alpha"] = "3", ["_"] = "4", ["ä"] = "5", ["10"] = "6", ["9"] = "7" },
            },
            ["text needing escapes"] = plain with
            {
                Actor = new Actor(ChatPlatform.Teams, "00000000-0000-4000-8000-000000000001", "Zoë \"Z\" <admin> & co\\") { MemberId = "zoe" },
                Details = new Dictionary<string, string>
                {
                    ["text"] = "show run | inc \"vlan\"\r\n\t\u0001\u001f end\u2028\u2029 😀 中文 'q' <b>&amp;</b>",
                    ["key \"quoted\"\n"] = "\\path\\",
                    ["lone"] = "a\ud800b",
                },
            },
            ["far sequence, UTC time"] = plain with { Sequence = long.MaxValue, Timestamp = DateTimeOffset.UnixEpoch },
        };
    }

    /// <summary>The canonical form as first written: a fresh writer per event, LINQ-sorted details, string timestamps.</summary>
    private static byte[] Reference(AuditEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
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
            Nullable(w, "memberId", e.Actor.MemberId);
            if (e.Actor.MatchedBy is not null)
            {
                w.WriteString("matchedBy", e.Actor.MatchedBy);
            }

            w.WriteEndObject();
            Nullable(w, "requestId", e.RequestId);
            Nullable(w, "runbook", e.Runbook);
            Nullable(w, "device", e.Device);
            Nullable(w, "incident", e.Incident);
            Nullable(w, "messageLink", e.MessageLink);
            w.WriteStartObject("details");
            foreach (var (key, value) in e.Details.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
            w.WriteString("previousHash", e.PreviousHash);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Nullable(Utf8JsonWriter w, string name, string? value)
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
