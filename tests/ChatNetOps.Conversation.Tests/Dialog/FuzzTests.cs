namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Commands;
using ChatNetOps.Conversation.Dialog;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.DependencyInjection;
using ChatNetOps.Testing.Lifecycle;

public sealed class FuzzTests
{
    private const int Inputs = 100_000;

    private const int Streams = 4;

    private static readonly string[] Seeds =
    [
        "help", "help verify-ospf", "runbooks", "devices", "devices access", "locks", "timeline", "incident show",
        "verify-ospf device=dist-sw-01", "run interface-counters device=acc-sw-01 interface=\"GigabitEthernet1/0/1\"",
        "firewall-sessions fw-edge-01 src=10.0.0.1 dport=443 proto=6", "status R-ABCDEFGH --json", "approve R-ABCDEFGH",
        "reject R-ABCDEFGH \"not now\"", "cancel R-ABCDEFGH", "incident open INC-1234 \"core outage\" sev=1", "incident close",
        "<at>ChatNetOps</at> bounce-interface device=acc-sw-01 interface=Gi1/0/1 incident=INC-1234", "@bot vpn-status fw-edge-02 tunnel=hq",
    ];

    private static readonly string[] Verbs = ["run", "requestForm", "approve", "reject", "refreshApproval", "cancel", "showJson", "timeline", "", "APPROVE", "x"];

    private static readonly string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 =\"'\\-_./:@<>{}$[]()\t\n\r\u0000\u0007\u001b\u00a0\u200b\u202e\u201c\u201d\u2018\u2019é漢😀\ud800";

    [Fact]
    public async Task HundredThousandRandomAndMutatedInputs_ThroughParserAndDispatcher_NeverThrow()
    {
        var audit = new CollectingAuditLog(TimeProvider.System);
        await using var h = LifecycleHarness.Create(s => s.AddSingleton<IAuditLog>(audit), inMemoryDisk: true);
        var dialog = h.Dialog;
        var parser = h.Services.GetRequiredService<CommandParser>();

        // Four seeded streams in parallel: the services are shared singletons, as in the bot.
        var streams = Enumerable.Range(0, Streams).Select(k => Task.Run(() => FeedAsync(dialog, parser, new Random(20261123 + k), k, Inputs / Streams)));
        await Task.WhenAll(streams);

        Assert.NotEmpty(audit.Events);
    }

    private static async Task FeedAsync(DialogService dialog, CommandParser parser, Random random, int stream, int count)
    {
        var users = new[] { "alice", "bob", "carol", "erin", "mallory", string.Empty };
        var conversations = new[] { LifecycleHarness.ConsoleConversation(), LifecycleHarness.ConsoleConversation("console-2"), new ConversationRef(ChatPlatform.Slack, "C0INC1001", ChannelKind.Group) };
        for (var i = 0; i < count; i++)
        {
            var user = users[random.Next(users.Length)];
            var conversation = conversations[random.Next(conversations.Length)];
            ChatEvent chatEvent;
            if (i % 4 == 3)
            {
                chatEvent = ChatEvent.Press(conversation, user, user, new CardAction(Verbs[random.Next(Verbs.Length)], Payload(random), random.Next(3) == 0 ? null : "msg-1"));
            }
            else
            {
                var line = i % 3 == 0 ? RandomText(random, random.Next(0, 120)) : Mutate(Seeds[random.Next(Seeds.Length)], random);
                Assert.NotNull(parser.Parse(line));
                chatEvent = ChatEvent.Message(conversation, user, user, line);
            }

            var result = await dialog.DispatchAsync(chatEvent, string.Create(CultureInfo.InvariantCulture, $"fuzz{stream}x{i:x8}"), CancellationToken.None);
            Assert.NotNull(result);
        }
    }

    private static string Mutate(string seed, Random random)
    {
        var text = new StringBuilder(seed);
        for (var n = random.Next(1, 5); n > 0; n--)
        {
            var at = text.Length == 0 ? 0 : random.Next(text.Length);
            switch (random.Next(6))
            {
                case 0 when text.Length > 0:
                    text.Remove(at, 1);
                    break;
                case 1:
                    text.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 2 when text.Length > 0:
                    text[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                case 3:
                    text.Insert(at, '"');
                    break;
                case 4 when random.Next(50) == 0:
                    text.Append('x', 5000);
                    break;
                default:
                    text.Insert(at, ' ');
                    break;
            }
        }

        return text.ToString();
    }

    private static string RandomText(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return text.ToString();
    }

    private static JsonObject Payload(Random random)
    {
        var data = new JsonObject();
        for (var n = random.Next(0, 5); n > 0; n--)
        {
            var key = random.Next(5) switch
            {
                0 => "requestId",
                1 => "runbook",
                2 => "device",
                3 => new[] { "approver", "reason", "incidentId", "interface", "userId" }[random.Next(5)],
                _ => RandomText(random, random.Next(1, 8)),
            };
            data[key] = random.Next(6) switch
            {
                0 => "R-" + RandomText(random, 8).ToUpperInvariant(),
                1 => new[] { "verify-ospf", "bounce-interface", "clear-ospf-neighbor", "dist-sw-01", "acc-sw-01" }[random.Next(5)],
                2 => random.Next(),
                3 => new JsonArray(1, "x"),
                4 => null,
                _ => RandomText(random, random.Next(0, 40)),
            };
        }

        return data;
    }
}
