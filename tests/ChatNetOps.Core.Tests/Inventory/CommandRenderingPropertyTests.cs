namespace ChatNetOps.Core.Tests.Inventory;

using System.Globalization;
using System.Text;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;

/// <summary>
/// Property test: for every input of every shipped runbook, ≥ 10,000 seeded random values, hostile and valid-looking.
/// Whatever the validator accepts renders to exactly the template with the validated values substituted, and no
/// rendered command holds a character outside the safe set other than the template's own literal characters.
/// </summary>
public sealed class CommandRenderingPropertyTests
{
    private const int Iterations = 10_000;
    private const string Safe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:-";

    private static readonly string[] Hostile =
    [
        ";", "|", "&&", "\n", "\r\n", "\r", "`", "$(", "$(reboot)", "`reboot`", " ", "\t", "'", "\"", "{", "}", "\\", ">", "<",
        "\0", "\u0435", "\u0430", "\uFF45", "\uFF0F", "\uFF0E", "\u200B", "\u200D", "\uFEFF", "\u2010", "\u2215", "\u00A0", "#", "!", "*",
    ];

    private static readonly string[] InterfacePrefixes =
        ["GigabitEthernet", "TenGigabitEthernet", "Ethernet", "Gi", "Te", "Fa", "Eth", "port", "wan", "eth", "ens", "Vlan", "Port-channel", "lo"];

    private static readonly InventoryCatalog Catalog = InventoryLoader.LoadOrThrow(SampleInventory.Directory);

    public static TheoryData<string> Runbooks() => new(Catalog.Runbooks.Select(r => r.Name).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Runbooks))]
    public void AcceptedValues_RenderExactlyIntoTemplates_AndNothingUnsafeGetsThrough(string runbookName)
    {
        var runbook = Catalog.FindRunbook(runbookName)!;
        var random = new Random(HashCode(runbookName));
        var accepted = 0;
        var refusedHostile = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var raw = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var input in runbook.Inputs)
            {
                raw[input.Name] = random.NextDouble() < 0.2 ? MakeHostile(random, ValidLooking(random, input, runbook)) : ValidLooking(random, input, runbook);
            }

            var result = InputValidator.Validate(runbook, raw, Catalog);
            foreach (var input in runbook.Inputs)
            {
                var value = raw[input.Name];

                // The one unsafe character an interface name may hold: a single blank before its number ("Gi 1/0/1"),
                // which normalisation drops; the rendered value is still checked to be all safe below.
                var blankBeforeNumber = input.Type == InputType.Interface && System.Text.RegularExpressions.Regex.IsMatch(value, "^[A-Za-z][A-Za-z-]* [0-9][0-9/.:]*\\z");
                if ((!value.All(c => Safe.Contains(c, StringComparison.Ordinal)) && !blankBeforeNumber) || value.Length > input.MaxLength)
                {
                    Assert.Contains(result.Errors, e => e.Field == input.Name);
                    Assert.False(result.Values.ContainsKey(input.Name), $"{runbookName}.{input.Name} accepted hostile '{InputValidator.Printable(value)}'");
                    refusedHostile++;
                }
            }

            if (!result.IsValid)
            {
                continue;
            }

            accepted++;
            foreach (var value in result.Values.Values)
            {
                Assert.True(value.Length > 0 && value.All(c => Safe.Contains(c, StringComparison.Ordinal)), $"accepted unsafe '{InputValidator.Printable(value)}'");
            }

            foreach (var platform in runbook.Commands.Keys)
            {
                var templates = runbook.Commands[platform];
                var rendered = CommandRenderer.Render(runbook, platform, result.Values);
                Assert.Equal(templates.Count, rendered.Count);
                for (var t = 0; t < templates.Count; t++)
                {
                    Assert.Equal(Expected(templates[t], result.Values), rendered[t]);
                    var literals = StripPlaceholders(templates[t]);
                    Assert.All(rendered[t], c => Assert.True(
                        Safe.Contains(c, StringComparison.Ordinal) || literals.Contains(c, StringComparison.Ordinal),
                        $"'{InputValidator.Printable(rendered[t])}' holds '{InputValidator.Printable(c.ToString())}' from neither the safe set nor the template"));
                }
            }
        }

        Assert.True(accepted > Iterations / 50, $"only {accepted} of {Iterations} value sets were accepted; the generator is too hostile to test rendering");
        Assert.True(refusedHostile > Iterations / 20, $"only {refusedHostile} hostile values were generated");
    }

    private static string Expected(string template, IReadOnlyDictionary<string, string> values)
    {
        var result = template;
        foreach (var (name, value) in values)
        {
            result = result.Replace("{" + name + "}", value, StringComparison.OrdinalIgnoreCase);
        }

        return result;
    }

    private static string StripPlaceholders(string template) =>
        System.Text.RegularExpressions.Regex.Replace(template, "\\{[A-Za-z_][A-Za-z0-9_]*\\}", string.Empty);

    private static string ValidLooking(Random random, RunbookInput input, Runbook runbook)
    {
        switch (input.Type)
        {
            case InputType.Device:
                var devices = Catalog.Devices.ToArray();
                var inScope = devices.Where(runbook.Targets).ToArray();
                var device = random.NextDouble() < 0.9 && inScope.Length > 0 ? inScope[random.Next(inScope.Length)] : devices[random.Next(devices.Length)];
                return random.NextDouble() < 0.2 ? device.Name.ToUpperInvariant() : device.Name;
            case InputType.DeviceGroup:
                var groups = Catalog.Groups.ToArray();
                return groups[random.Next(groups.Length)];
            case InputType.Enum:
                return random.NextDouble() < 0.9 ? input.Values[random.Next(input.Values.Count)] : random.Next(0, 300).ToString(CultureInfo.InvariantCulture);
            case InputType.Integer:
                return random.Next(10) switch
                {
                    0 => random.NextInt64(long.MinValue / 2, long.MaxValue / 2).ToString(CultureInfo.InvariantCulture),
                    1 => "+" + random.Next(1, 100).ToString(CultureInfo.InvariantCulture),
                    2 => "-" + random.Next(0, 100).ToString(CultureInfo.InvariantCulture),
                    _ => random.NextInt64(input.Min ?? 0, (input.Max ?? 1000) + 1).ToString(CultureInfo.InvariantCulture),
                };
            case InputType.Ipv4:
                var octets = Enumerable.Range(0, random.NextDouble() < 0.95 ? 4 : 3).Select(_ => random.Next(random.NextDouble() < 0.97 ? 256 : 1000));
                return string.Join('.', octets);
            case InputType.Interface:
                var builder = new StringBuilder(InterfacePrefixes[random.Next(InterfacePrefixes.Length)]);
                builder.Append(random.Next(0, 10));
                for (var n = random.Next(0, 3); n > 0; n--)
                {
                    builder.Append('/').Append(random.Next(0, 49));
                }

                if (random.NextDouble() < 0.1)
                {
                    builder.Append('.').Append(random.Next(1, 4095));
                }

                return builder.ToString();
            default:
                const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";
                var length = random.Next(1, 40);
                return new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        }
    }

    private static string MakeHostile(Random random, string value)
    {
        switch (random.Next(4))
        {
            case 0:
                return value + Hostile[random.Next(Hostile.Length)];
            case 1:
                return value + "\n";
            case 2:
                return string.Concat(Enumerable.Repeat(value, 300 / Math.Max(1, value.Length) + 1));
            default:
                var at = random.Next(value.Length + 1);
                return value[..at] + Hostile[random.Next(Hostile.Length)] + value[at..];
        }
    }

    private static int HashCode(string s) => s.Aggregate(17, (h, c) => unchecked((h * 31) + c));
}
