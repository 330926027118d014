namespace ChatNetOps.Conversation.Tests.Rendering;

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Testing.Lifecycle;

/// <summary>
/// Issue 16: the request form's client-side check (Adaptive Card <c>Input.Text.regex</c>, tested as the JavaScript engine
/// reads it) lets through every interface name the server normalises and accepts (<c>Gi1/0/3</c>, <c>eth1/1</c>,
/// <c>PORT1</c>); the server stays the judge and answers "did you mean" for the rest.
/// </summary>
public sealed class RequestFormPatternTests
{
    private static readonly string[] Typed =
    [
        "GigabitEthernet1/0/12", "Gi1/0/3", "gi1/0/3", "Gig1/0/3", "Gi 1/0/3", "GI1/0/3", "Te1/1/1", "tengig1/1/1", "Fa0/1",
        "Ethernet1/5", "Eth1/1", "eth1/1", "e1/1", "Po10", "port-channel10", "Vl10", "Lo0",
        "port1", "PORT1", "Port3", "wan1", "WAN1", "internal", "INTERNAL", "dmz", "eth0", "ens3",
        "Gx1/0/5", "Gigabitethernt1/0/5", "1/0/3", "Gi1/0/3;reload", "Gi1/0/3 extra", "Gi  1/0/3", "gi1/0/3\n", "",
    ];

    [Theory]
    [InlineData("bounce-interface", "Gi1/0/3")]
    [InlineData("bounce-interface", "gi 1/0/3")]
    [InlineData("bounce-interface", "Gig1/0/3")]
    [InlineData("bounce-interface", "Eth1/1")]
    [InlineData("bounce-interface", "ethernet1/5")]
    [InlineData("interface-counters", "port1")]
    [InlineData("interface-counters", "PORT1")]
    [InlineData("interface-counters", "Gi1/0/3")]
    public async Task TheFormLetsThroughAnAbbreviationTheServerAccepts(string runbook, string value)
    {
        await using var h = LifecycleHarness.Create();
        var regex = await FormRegexAsync(h, runbook);

        Assert.Matches(regex, value);
        var target = h.Catalog.FindRunbook(runbook)!;
        Assert.Contains(h.Catalog.Devices, d => target.Targets(d) && InputValidator.Validate(target, Inputs(d, value, target), h.Catalog).IsValid);
    }

    [Theory]
    [InlineData("bounce-interface", "Gi1/0/3;reload")]
    [InlineData("bounce-interface", "Gi1/0/3 extra")]
    [InlineData("bounce-interface", "")]
    public async Task TheFormStillRefusesWhatNoPlatformCouldAccept(string runbook, string value)
    {
        await using var h = LifecycleHarness.Create();

        Assert.DoesNotMatch(await FormRegexAsync(h, runbook), value);
    }

    [Fact]
    public async Task ForEveryRunbookWithAnInterface_AndEveryDeviceItTargets_TheFormNeverRefusesAValueTheServerAccepts()
    {
        await using var h = LifecycleHarness.Create();
        var runbooks = h.Catalog.Runbooks.Where(r => r.Inputs.Any(i => i.Type == InputType.Interface) && r.Inputs.Any(i => i.Type == InputType.Device)).ToArray();
        Assert.NotEmpty(runbooks);
        var checkedValues = 0;
        foreach (var runbook in runbooks)
        {
            var regex = await FormRegexAsync(h, runbook.Name);
            foreach (var device in h.Catalog.Devices.Where(runbook.Targets))
            {
                foreach (var value in Typed)
                {
                    if (InputValidator.Validate(runbook, Inputs(device, value, runbook), h.Catalog).IsValid)
                    {
                        checkedValues++;
                        Assert.True(regex.IsMatch(value), $"{runbook.Name} on {device.Name} ({device.Platform}): the server accepts '{value}' and the form refuses it ({regex})");
                    }
                }
            }
        }

        Assert.True(checkedValues > 20, $"only {checkedValues} accepted values were checked");
    }

    private static Dictionary<string, string> Inputs(Device device, string value, Runbook? runbook = null)
    {
        var inputs = new Dictionary<string, string> { ["device"] = device.Name, ["interface"] = value };
        foreach (var input in runbook?.Inputs.Where(i => i.Required && i.Type is not InputType.Device and not InputType.Interface) ?? [])
        {
            inputs[input.Name] = input.Default ?? (input.Type == InputType.Enum ? input.Values[0] : "1");
        }

        return inputs;
    }

    /// <summary>The form's <c>regex</c> on the interface field, compiled as a browser would (ECMAScript).</summary>
    private static async Task<Regex> FormRegexAsync(LifecycleHarness h, string runbook)
    {
        await h.SayAsync("bob", "incident open INC-16 \"form check\"");
        var form = (await h.SayAsync("bob", runbook)).Messages[0];
        Assert.Equal(CardNames.RequestForm, form.CardName);
        var field = Descendants(form.Card!).OfType<JsonObject>()
            .Single(o => o["type"]?.GetValue<string>() == "Input.Text" && o["id"]?.GetValue<string>() == "interface");
        return new Regex(field["regex"]!.GetValue<string>(), RegexOptions.ECMAScript);
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var d in Descendants(child))
            {
                yield return d;
            }
        }
    }
}
