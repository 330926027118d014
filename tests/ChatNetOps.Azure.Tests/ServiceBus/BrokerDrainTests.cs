namespace ChatNetOps.Azure.Tests.ServiceBus;

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ChatNetOps.ServiceBusBroker;
using global::Azure.Messaging.ServiceBus;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// Link drain on the broker (AMQP 1.0 section 2.6.7), driven by a raw azure-amqp receiving link so the flow frames are
/// the test's own: the SDK drains a receiver's credit before it closes it (Azure.Messaging.ServiceBus AmqpReceiver.cs
/// CloseAsync, ReceivingAmqpLink.DrainAsyc), and a drain the broker does not answer holds the close for the whole
/// operation timeout. The link authenticates as the SDK does: SASL MSSBCBS, then a SAS token put on <c>$cbs</c>.
/// </summary>
[Collection(ServiceBusTestCollection.Name)]
public sealed class BrokerDrainTests(ServiceBusBrokerFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<AmqpMessage> _received = new();
    private ServiceBusClient _client = null!;
    private AmqpConnection? _connection;

    public Task InitializeAsync()
    {
        _client = new ServiceBusClient(fixture.Broker.ConnectionString(), new ServiceBusClientOptions { RetryOptions = new ServiceBusRetryOptions { MaxRetries = 0 } });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var message in _received)
        {
            message.Dispose();
        }

        _connection?.SafeClose();
        await _client.DisposeAsync();
    }

    [Fact]
    public async Task Drain_SendsWhatIsWaitingFirst_ThenEndsTheCreditAndAnswersWithDrain()
    {
        var queue = fixture.NewQueue(_time);
        await _client.CreateSender(queue).SendMessagesAsync([new ServiceBusMessage("one"), new ServiceBusMessage("two")]);
        var link = await OpenReceiverAsync(queue);

        // One flow: five credits, drain. Two messages wait; the other three credits must be given back.
        link.IssueCredit(5, true, AmqpConstants.NullBinary);
        await link.DrainAsyc(CancellationToken.None).WaitAsync(Wait);

        Assert.Equal(2, _received.Count);
        Assert.Equal(0u, link.LinkCredit);
        await AssertTheLinkTakesNoMoreAsync(queue);
    }

    [Fact]
    public async Task Drain_WithNothingWaiting_IsAnsweredAtOnce()
    {
        var queue = fixture.NewQueue(_time);
        var link = await OpenReceiverAsync(queue);
        link.IssueCredit(3, false, AmqpConstants.NullBinary);

        await link.DrainAsyc(CancellationToken.None).WaitAsync(Wait);

        Assert.Empty(_received);
        Assert.Equal(0u, link.LinkCredit);
        await AssertTheLinkTakesNoMoreAsync(queue);
    }

    /// <summary>A message sent after the drain goes to another receiver: the drained link has no credit left at the broker.</summary>
    private async Task AssertTheLinkTakesNoMoreAsync(string queue)
    {
        var before = _received.Count;
        var other = _client.CreateReceiver(queue);
        await _client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("after") { MessageId = "AFTER" });

        var message = await other.ReceiveMessageAsync(Wait);

        Assert.Equal(("AFTER", 1), (message?.MessageId, message?.DeliveryCount));
        Assert.Equal(before, _received.Count);
    }

    private async Task<ReceivingAmqpLink> OpenReceiverAsync(string queue)
    {
        var factory = new AmqpConnectionFactory();
        _connection = await factory.OpenConnectionAsync(new Uri($"amqp://127.0.0.1:{fixture.Broker.Port}"), new SaslAnonymousHandler("MSSBCBS"), Wait);
        var cbs = new AmqpCbsLink(_connection);
        var audience = $"sb://127.0.0.1:{fixture.Broker.Port}/{queue}";
        await cbs.SendTokenAsync(new SasTokens(fixture.Broker), new Uri($"sb://127.0.0.1:{fixture.Broker.Port}/"), audience, audience, ["Listen"], Wait);

        var session = _connection.CreateSession(new AmqpSessionSettings());
        await session.OpenAsync(Wait);
        var link = new ReceivingAmqpLink(session, new AmqpLinkSettings
        {
            LinkName = "drain-" + Guid.NewGuid().ToString("N"),
            Role = true,
            Source = new Source { Address = queue },
            Target = new Target { Address = "drain-test" },
            SettleType = SettleMode.SettleOnDispose,
            TotalLinkCredit = 0,
            AutoSendFlow = false,
        });
        link.RegisterMessageListener(_received.Enqueue);
        await link.OpenAsync(Wait);
        return link;
    }

    /// <summary>SAS tokens for the broker's key (learn.microsoft.com/azure/service-bus-messaging/service-bus-sas), as the SDK's put-token carries them.</summary>
    private sealed class SasTokens(Broker broker) : ICbsTokenProvider
    {
        public Task<CbsToken> GetTokenAsync(Uri namespaceAddress, string appliesTo, string[] requiredClaims)
        {
            var expires = TimeProvider.System.GetUtcNow().AddMinutes(10);
            var resource = WebUtility.UrlEncode($"sb://127.0.0.1:{broker.Port}/");
            var expiry = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(broker.Key), Encoding.UTF8.GetBytes(resource + "\n" + expiry)));
            var token = $"SharedAccessSignature sr={resource}&sig={WebUtility.UrlEncode(signature)}&se={expiry}&skn={Broker.KeyName}";
            return Task.FromResult(new CbsToken(token, "servicebus.windows.net:sastoken", expires.UtcDateTime));
        }
    }
}
