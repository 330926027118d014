namespace ChatNetOps.Core.Tests.Inventory;

using System.Text.Json;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;

/// <summary>
/// The JSON Schemas serve editors (yaml-language-server) and <c>chatnetops lint</c> alike (validated with JsonSchema.Net).
/// These tests keep the schemas and the C# model builders in agreement: every key the schema allows is read, and the
/// enums are exactly what the model maps.
/// </summary>
public sealed class InventorySchemaTests
{
    [Theory]
    [InlineData("devices")]
    [InlineData("runbooks")]
    [InlineData("policy")]
    [InlineData("alert-routes")]
    public void EachYaml_PointsEditorsAtItsDraft202012Schema(string name)
    {
        var firstLine = File.ReadLines(Path.Combine(SampleInventory.Directory, name + ".yaml")).First();
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(SampleInventory.Directory, "schemas", name + ".schema.json")));

        Assert.Equal($"# yaml-language-server: $schema=./schemas/{name}.schema.json", firstLine);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
    }

    [Fact]
    public void SchemaEnums_AreExactlyWhatTheLoaderAccepts()
    {
        using var devices = Schema("devices");
        using var runbooks = Schema("runbooks");
        using var policy = Schema("policy");
        var device = devices.RootElement.GetProperty("$defs").GetProperty("device").GetProperty("properties");

        Assert.Equal(Enum.GetValues<Platform>().Select(p => p.ToName()), Strings(device.GetProperty("platform").GetProperty("enum")));
        Assert.Equal(Enum.GetValues<Transport>().Select(t => t.ToName()), Strings(device.GetProperty("transport").GetProperty("enum")));
        var inputTypes = Strings(runbooks.RootElement.GetProperty("$defs").GetProperty("input").GetProperty("properties").GetProperty("type").GetProperty("enum"));
        Assert.Equal(Enum.GetValues<InputType>().Length, inputTypes.Count);
        var kinds = Strings(policy.RootElement.GetProperty("properties").GetProperty("grants").GetProperty("items").GetProperty("properties").GetProperty("channel_kinds").GetProperty("items").GetProperty("enum"));
        Assert.All(kinds, k => Assert.True(PolicyFileParser.TryParseChannelKind(k, out _), k));
        Assert.Equal(Enum.GetValues<Core.Policy.ChannelKind>().Length, kinds.Count);
    }

    [Fact]
    public void SchemaFingerprintPattern_MatchesTheLoaders()
    {
        using var devices = Schema("devices");
        var pattern = devices.RootElement.GetProperty("$defs").GetProperty("device").GetProperty("properties").GetProperty("host_key_fingerprint").GetProperty("pattern").GetString()!;

        Assert.Equal(Names.SshFingerprint().ToString().Replace("\\z", "$", StringComparison.Ordinal), pattern);
    }

    [Fact]
    public void JumpHostFingerprintPattern_MatchesTheLoaders_AndIsRequired()
    {
        using var devices = Schema("devices");
        var jumpHost = devices.RootElement.GetProperty("$defs").GetProperty("jump_host");
        var pattern = jumpHost.GetProperty("properties").GetProperty("host_key_fingerprint").GetProperty("pattern").GetString()!;

        Assert.Equal(Names.SshFingerprint().ToString().Replace("\\z", "$", StringComparison.Ordinal), pattern);
        Assert.Contains("host_key_fingerprint", Strings(jumpHost.GetProperty("required")));
    }

    [Fact]
    public void SchemaProperties_AreExactlyTheKeysTheLoaderAccepts()
    {
        using var devices = Schema("devices");
        var defs = devices.RootElement.GetProperty("$defs");

        Assert.Equal(DeviceFileParser.DeviceKeys.Order(), Keys(defs.GetProperty("device").GetProperty("properties")));
        Assert.Equal(JumpHostParser.JumpHostKeys.Order(), Keys(defs.GetProperty("jump_host").GetProperty("properties")));
        Assert.Equal(["defaults", "devices", "jump_hosts"], Keys(devices.RootElement.GetProperty("properties")));
        Assert.Equal(["groups", "sites"], Keys(devices.RootElement.GetProperty("properties").GetProperty("defaults").GetProperty("properties")));
    }

    [Fact]
    public void JumpHostNameSchema_RefusesDirect_LikeTheLoader()
    {
        using var devices = Schema("devices");
        var name = devices.RootElement.GetProperty("$defs").GetProperty("jump_host").GetProperty("properties").GetProperty("name");
        var refused = name.GetProperty("allOf")[1].GetProperty("not").GetProperty("pattern").GetString()!;

        Assert.Matches(refused, JumpHost.Direct);
        Assert.Matches(refused, "DIRECT");
        Assert.DoesNotMatch(refused, "direct-01");
    }

    private static IEnumerable<string> Keys(JsonElement properties) => properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);

    private static JsonDocument Schema(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(SampleInventory.Directory, "schemas", name + ".schema.json")));

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
