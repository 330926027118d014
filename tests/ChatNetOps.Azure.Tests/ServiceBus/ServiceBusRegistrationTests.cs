namespace ChatNetOps.Azure.Tests.ServiceBus;

using ChatNetOps.Azure.ServiceBus;
using ChatNetOps.Core.Health;
using ChatNetOps.Core.Queues;
using ChatNetOps.ServiceBusBroker;
using ChatNetOps.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

/// <summary><c>AddChatNetOpsServiceBusQueues</c> bound from configuration as a host binds it, against the broker: options validation, the queues it makes and /readyz.</summary>
public sealed class ServiceBusRegistrationTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task ServiceBus_PlainHttpToARemoteHost_FailsValidation()
    {
        await using var services = Build(new() { ["ServiceBus:Endpoint"] = "http://contoso.servicebus.windows.net/" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ServiceBusOptions>>().Value);

        Assert.Contains("https", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceBus_BothEndpointAndConnectionString_FailsValidationNamingBoth()
    {
        await using var services = Build(new()
        {
            ["ServiceBus:Endpoint"] = "https://contoso.servicebus.windows.net/",
            ["ServiceBus:ConnectionString"] = "Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=k;SharedAccessKey=c2VjcmV0;UseDevelopmentEmulator=true",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ServiceBusOptions>>().Value);

        Assert.Contains("ServiceBus:Endpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("ServiceBus:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceBus_NotAConnectionString_FailsValidationWithoutEchoingIt()
    {
        await using var services = Build(new() { ["ServiceBus:ConnectionString"] = "secret-looking-garbage" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ServiceBusOptions>>().Value);

        Assert.Contains("ServiceBus:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-looking-garbage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceBus_WrongSharedAccessKey_ReadinessReportsTheRefusal()
    {
        await using var broker = Broker.Start();
        broker.CreateQueue("jobs");
        broker.CreateQueue("results");
        await using var services = Build(new() { ["ServiceBus:ConnectionString"] = broker.ConnectionString(Convert.ToBase64String(new byte[32])) });

        var problem = await services.GetServices<IReadinessProbe>().Single().CheckAsync(Ct);

        Assert.Equal("Service Bus refused the identity for queue 'jobs'", problem);
    }

    [Fact]
    public async Task ServiceBus_UnknownQueue_ReadinessNamesTheQueue()
    {
        await using var broker = Broker.Start();
        broker.CreateQueue("results");
        await using var services = Build(new() { ["ServiceBus:ConnectionString"] = broker.ConnectionString(), ["ServiceBus:JobsQueue"] = "missing" });

        var problem = await services.GetServices<IReadinessProbe>().Single().CheckAsync(Ct);

        Assert.Contains("missing", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceBus_ProcessorStopped_ReadinessReportsIt()
    {
        await using var broker = Broker.Start();
        broker.CreateQueue("jobs");
        broker.CreateQueue("results");
        await using var services = Build(new() { ["ServiceBus:ConnectionString"] = broker.ConnectionString() });
        var jobs = services.GetRequiredService<IJobQueue>();
        var probe = services.GetServices<IReadinessProbe>().Single();
        using var stop = new CancellationTokenSource();
        var consuming = jobs.ConsumeAsync((_, _) => Task.FromResult(QueueSettlement.Complete), new QueueConsumerOptions(2, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)), stop.Token);
        var clients = services.GetRequiredService<ServiceBusClients>();
        await WaitUntilAsync(() => clients.Consumer("jobs")?.Processor.IsProcessing == true);
        Assert.Null(await probe.CheckAsync(Ct));
        var processor = clients.Consumer("jobs")!.Processor;

        await processor.StopProcessingAsync(Ct);

        Assert.Equal("Service Bus processor for queue 'jobs' has stopped", await probe.CheckAsync(Ct));
        await stop.CancelAsync();
        await consuming.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ServiceBus_SentJob_CarriesItsIdsExpiryAndTraceContextForTheSdk()
    {
        await using var broker = Broker.Start();
        broker.CreateQueue("jobs");
        broker.CreateQueue("results");
        await using var services = Build(new() { ["ServiceBus:ConnectionString"] = broker.ConnectionString() });
        var job = TestData.Job("JOB-7", expiresAt: TimeProvider.System.GetUtcNow().AddMinutes(10));

        await services.GetRequiredService<IJobQueue>().EnqueueAsync(job, Ct);

        await using var client = new global::Azure.Messaging.ServiceBus.ServiceBusClient(broker.ConnectionString());
        var peeked = await client.CreateReceiver("jobs").PeekMessageAsync(cancellationToken: Ct);
        Assert.NotNull(peeked);
        Assert.Equal("JOB-7", peeked.MessageId);
        Assert.Equal(job.RequestId, peeked.CorrelationId);
        Assert.Equal("job", peeked.Subject);
        Assert.Equal("application/json", peeked.ContentType);
        Assert.Equal(job.TraceParent, peeked.ApplicationProperties[ServiceBusMessageQueue<JobMessage>.TraceProperty]);
        Assert.InRange(peeked.TimeToLive, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task ServiceBus_ChatWorkQueue_IsMadeOnTheConfiguredQueue_AndSentWorkCarriesItsIdExpiryKindAndTraceForTheSdk()
    {
        await using var broker = Broker.Start();
        broker.CreateQueue("slack-work");
        await using var services = Build(new() { ["ServiceBus:ConnectionString"] = broker.ConnectionString(), ["ServiceBus:ChatWorkQueue"] = "slack-work" });
        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var now = TimeProvider.System.GetUtcNow();
        var work = new ChatWorkMessage("slack-5f2c", "slack", "slash_command", """{"kind":"command"}""", now, traceParent) { ExpiresAt = now.AddMinutes(10) };

        await services.GetRequiredService<IChatWorkQueue>().EnqueueAsync(work, Ct);

        await using var client = new global::Azure.Messaging.ServiceBus.ServiceBusClient(broker.ConnectionString());
        var peeked = await client.CreateReceiver("slack-work").PeekMessageAsync(cancellationToken: Ct);
        Assert.NotNull(peeked);
        Assert.Equal("slack-5f2c", peeked.MessageId);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", peeked.CorrelationId);
        Assert.Equal("slack/slash_command", peeked.Subject);
        Assert.Equal("application/json", peeked.ContentType);
        Assert.Equal(traceParent, peeked.ApplicationProperties[ServiceBusMessageQueue<ChatWorkMessage>.TraceProperty]);
        Assert.InRange(peeked.TimeToLive, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task ServiceBus_ChatWorkWithoutTraceContext_IsSentWithoutCorrelationId()
    {
        await using var broker = Broker.Start();
        broker.CreateQueue("chat-work");
        await using var services = Build(new() { ["ServiceBus:ConnectionString"] = broker.ConnectionString() });
        var work = new ChatWorkMessage("slack-7a1e", "slack", "block_actions", "{}", TimeProvider.System.GetUtcNow(), TraceParent: "not-a-traceparent");

        await services.GetRequiredService<IChatWorkQueue>().EnqueueAsync(work, Ct);

        await using var client = new global::Azure.Messaging.ServiceBus.ServiceBusClient(broker.ConnectionString());
        var peeked = await client.CreateReceiver("chat-work").PeekMessageAsync(cancellationToken: Ct);
        Assert.NotNull(peeked);
        Assert.Null(peeked.CorrelationId);
        Assert.Equal("slack/block_actions", peeked.Subject);
    }

    [Fact]
    public async Task ServiceBus_ChatWorkQueue_IsCheckedByReadinessOnceThisProcessUsesIt()
    {
        // The worker never resolves IChatWorkQueue (it has no role on the queue); the bot does as Slack starts.
        await using var broker = Broker.Start();
        broker.CreateQueue("jobs");
        broker.CreateQueue("results");
        await using var services = Build(new() { ["ServiceBus:ConnectionString"] = broker.ConnectionString() });
        var probe = services.GetServices<IReadinessProbe>().Single();
        Assert.Null(await probe.CheckAsync(Ct));

        services.GetRequiredService<IChatWorkQueue>();

        Assert.Equal("Service Bus queue 'chat-work' does not exist", await probe.CheckAsync(Ct));
    }

    [Fact]
    public async Task ServiceBus_ChatWorkReceiveRefused_ReadinessSaysTheIdentityMayNotReceive()
    {
        await using var broker = Broker.Start();
        broker.CreateQueue("chat-work");
        await using var services = Build(new() { ["ServiceBus:ConnectionString"] = broker.ConnectionString(Convert.ToBase64String(new byte[32])) });
        var queue = services.GetRequiredService<IChatWorkQueue>();
        var probe = (ServiceBusReadinessProbe)services.GetServices<IReadinessProbe>().Single();

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => queue.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, Ct));

        Assert.Equal("Service Bus refused the identity receiving from queue 'chat-work'", await probe.CheckQueueAsync("chat-work", Ct));
    }

    [Fact]
    public async Task ServiceBus_ChatWorkQueueCreatedAfterAFailedReceive_ReadinessRecoversWithTheNextReceive()
    {
        await using var broker = Broker.Start();
        broker.CreateQueue("jobs");
        broker.CreateQueue("results");
        await using var services = Build(new() { ["ServiceBus:ConnectionString"] = broker.ConnectionString() });
        var queue = services.GetRequiredService<IChatWorkQueue>();
        var probe = services.GetServices<IReadinessProbe>().Single();
        var missing = await Assert.ThrowsAsync<global::Azure.Messaging.ServiceBus.ServiceBusException>(() => queue.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, Ct));
        Assert.Equal(global::Azure.Messaging.ServiceBus.ServiceBusFailureReason.MessagingEntityNotFound, missing.Reason);
        Assert.Equal("Service Bus queue 'chat-work' does not exist", await probe.CheckAsync(Ct));
        broker.CreateQueue("chat-work");

        Assert.Null(await queue.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, Ct));

        Assert.Null(await probe.CheckAsync(Ct));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddChatNetOpsServiceBusQueues()
            .BuildServiceProvider();
    }
}
