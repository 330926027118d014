namespace ChatNetOps.Slack.Tests.Hosting;

using ChatNetOps.Core.Queues;
using ChatNetOps.Slack.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

/// <summary>Slack never falls back to a hand-off that a restart would lose: without a durable work queue the host does not start.</summary>
public sealed class DurableQueueRequiredTests
{
    [Fact]
    public async Task WithoutAChatWorkQueue_TheHostDoesNotStart_AndSaysWhatToRegister()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var factory = new SlackBotFactory(slack);
        factory.TestServices.Add(services => services.RemoveAll<IChatWorkQueue>());

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        var message = string.Join(" | ", Flatten(error).Select(e => e.Message));
        Assert.Contains("durable work queue (IChatWorkQueue)", message, StringComparison.Ordinal);
        Assert.Contains("Slack:Enabled=false", message, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
