namespace ChatNetOps.Execution.Tests.Lab;

using System.Text.RegularExpressions;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Lab;

/// <summary>Every command of every shipped runbook, on every platform it targets, is answered by the lab with return code 0.</summary>
public sealed partial class ShippedRunbookTests
{
    public static TheoryData<string, string, bool> RunbookPlatforms()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var runbook in ShippedRunbook.All)
        {
            foreach (var platform in runbook.Commands.Keys)
            {
                data.Add(runbook.Name, platform, true);
                if (runbook.Inputs.Any(i => !i.Required))
                {
                    data.Add(runbook.Name, platform, false);
                }
            }
        }

        return data;
    }

    [Fact]
    public void ShippedCatalog_HasRunbooksForEveryPlatform()
    {
        var platforms = ShippedRunbook.All.SelectMany(r => r.Commands.Keys).ToHashSet();

        Assert.NotEmpty(ShippedRunbook.All);
        Assert.All(platforms, p => Assert.True(PlatformNames.TryParse(p, out _), $"unknown platform {p}"));
        Assert.Equal(4, platforms.Count);
    }

    [Theory]
    [MemberData(nameof(RunbookPlatforms))]
    public async Task ShippedRunbook_OnLabDeviceOfItsPlatform_Succeeds(string runbookName, string platformName, bool withOptionalInputs)
    {
        Assert.True(PlatformNames.TryParse(platformName, out var platform));
        var harness = new LabHarness();
        var device = LabHarness.DeviceFor(platform);
        var lab = harness.Lab(device);
        var runbook = ShippedRunbook.All.Single(r => r.Name == runbookName);
        var values = runbook.Inputs
            .Where(i => i.Required || withOptionalInputs)
            .ToDictionary(i => i.Name, i => SampleValue(i, device, lab));
        var commands = Render(runbook.Commands[platformName], values);

        var result = await harness.RunAsync(device, [.. commands]);

        Assert.True(result.ReturnCode == 0, $"{runbookName} on {platformName} failed ({result.Error}):\n{result.RawOutput}");
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.All(commands, c => Assert.Contains(c + "\n", result.RawOutput, StringComparison.Ordinal));
    }

    /// <summary>As the renderer does: fills placeholders, and drops a line whose optional input was not given.</summary>
    private static List<string> Render(IReadOnlyList<string> templates, Dictionary<string, string> values)
    {
        var commands = new List<string>();
        foreach (var template in templates)
        {
            var names = Placeholder().Matches(template).Select(m => m.Groups[1].Value).ToList();
            if (names.All(values.ContainsKey))
            {
                commands.Add(Placeholder().Replace(template, m => values[m.Groups[1].Value]));
            }
        }

        return commands;
    }

    private static string SampleValue(ShippedInput input, Core.Inventory.Device device, LabDevice lab)
    {
        var name = input.Name.ToLowerInvariant();
        return input.Type switch
        {
            "device" => device.Name,
            "device_group" => "lab",
            "interface" => lab.Interfaces.First(i => i.AdminUp && i.Name.Any(char.IsDigit) && !i.Name.StartsWith("mgmt", StringComparison.Ordinal)).Name,
            "ipv4" when name.Contains("src", StringComparison.Ordinal) => lab.Sessions.Count > 0 ? lab.Sessions[0].Source : "10.10.1.25",
            "ipv4" when name.Contains("dst", StringComparison.Ordinal) => lab.Sessions.Count > 0 ? lab.Sessions[0].Destination : "198.51.100.80",
            "ipv4" => lab.Neighbors[0].RouterId,
            "integer" when name.Contains("port", StringComparison.Ordinal) => "443",
            "integer" => input.Default ?? input.Min ?? "1",
            "enum" => input.Default ?? input.Values[0],
            "token" => lab.Tunnels.Count > 0 ? lab.Tunnels[0].Name : "sample",
            _ => input.Default ?? "1",
        };
    }

    [GeneratedRegex("\\{([A-Za-z_][A-Za-z0-9_]*)\\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
