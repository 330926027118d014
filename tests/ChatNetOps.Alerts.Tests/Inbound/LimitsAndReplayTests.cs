namespace ChatNetOps.Alerts.Tests.Inbound;

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChatNetOps.Alerts.Tests.Hosting;

/// <summary>
/// A hostile sender that holds a valid credential: bodies past each limit of docs/alerts.md (1,000 alerts, 64 labels,
/// 4,096 characters a value, label names with control characters, a group key past 1,024 characters, two alerts with one
/// fingerprint) are 400 with an audited denial and nothing stored; a Standard Webhooks message replayed under the same
/// <c>webhook-id</c> with another (validly signed) body is the first message's duplicate and changes nothing.
/// </summary>
public sealed class LimitsAndReplayTests : IDisposable
{
    private readonly AlertsHost _host = new();

    public void Dispose() => _host.Dispose();

    public static TheoryData<string> PastALimit() => new()
    {
        "1001 alerts",
        "65 labels",
        "4097-character value",
        "control character in a label name",
        "1025-character group key",
        "shared fingerprint",
    };

    [Theory]
    [MemberData(nameof(PastALimit))]
    public async Task Alertmanager_BodyPastALimit_400_AuditedDenial_NothingStored(string what)
    {
        using var client = _host.CreateClient();
        var now = _host.Time.GetUtcNow();
        var body = JsonNode.Parse(new AlertmanagerBody().Firing("f1", now, "fw-edge-01").Build())!.AsObject();
        var alerts = body["alerts"]!.AsArray();
        var labels = alerts[0]!["labels"]!.AsObject();
        switch (what)
        {
            case "1001 alerts":
                for (var i = 2; i <= 1001; i++)
                {
                    var copy = alerts[0]!.DeepClone().AsObject();
                    copy["fingerprint"] = "f" + i;
                    alerts.Add(copy);
                }

                break;
            case "65 labels":
                for (var i = labels.Count; i < 65; i++)
                {
                    labels["extra" + i] = "x";
                }

                break;
            case "4097-character value":
                labels["site"] = new string('a', 4097);
                break;
            case "control character in a label name":
                labels["si\u001bte"] = "ams1";
                break;
            case "1025-character group key":
                body["groupKey"] = new string('g', 1025);
                break;
            default:
                alerts.Add(alerts[0]!.DeepClone());
                break;
        }

        using var response = await client.SendAsync(Signed.Alertmanager(Encoding.UTF8.GetBytes(body.ToJsonString())));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"malformed\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("malformed", Assert.Single(await _host.DenialsAsync()).Details["reason"]);
        Assert.Empty(await _host.PendingAsync());
    }

    [Fact]
    public async Task Webhook_SameIdReplayedWithAnotherSignedBody_IsADuplicate_TheFirstMessageStands()
    {
        using var client = _host.CreateClient();
        var first = JsonNode.Parse(Payload.Text("webhook-fired.json"))!.AsObject();
        var replayed = first.DeepClone().AsObject();
        replayed["data"]!["summary"] = "<!channel> everything is down";
        replayed["data"]!["device"] = "core-rtr-01";

        using var original = await client.SendAsync(Signed.Webhook(Encoding.UTF8.GetBytes(first.ToJsonString()), "msg_replay", _host.Time.GetUtcNow()));
        _host.Time.Advance(TimeSpan.FromSeconds(20));
        using var replay = await client.SendAsync(Signed.Webhook(Encoding.UTF8.GetBytes(replayed.ToJsonString()), "msg_replay", _host.Time.GetUtcNow()));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (original.StatusCode, replay.StatusCode));
        Assert.Contains("\"duplicate\"", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = Assert.Single(Assert.Single(await _host.PendingAsync()).Alerts);
        Assert.Equal(("ams1-fw01", "port3 down"), (stored.Labels["device"], stored.Annotations["summary"]));
        Assert.Empty(await _host.DenialsAsync());
    }
}
