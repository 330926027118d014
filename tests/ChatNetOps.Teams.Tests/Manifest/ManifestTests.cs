namespace ChatNetOps.Teams.Tests.Manifest;

using ChatNetOps.Teams.Tests.Playground;

/// <summary>infra/teams/manifest.json against the kept Teams manifest schema (ajv, draft-04), and its icons.</summary>
public sealed class ManifestTests
{
    [Fact]
    public async Task Manifest_IsValidAgainstTheTeamsSchema_AndIconsHaveTheRequiredSizes()
    {
        var ajv = Path.Combine(PlaygroundEnvironment.PackageDirectory, "node_modules", "ajv-draft-04");
        Assert.True(Directory.Exists(ajv), "The manifest check needs the npm packages in tests/playground. Install them with: bash ci/install-playground.sh");

        using var validator = ChildProcess.Start("node", ["validate-manifest.mjs"], PlaygroundEnvironment.PackageDirectory, new Dictionary<string, string>());
        var exit = await validator.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exit == 0, "infra/teams/manifest.json is not valid:\n" + validator.Output);
        Assert.Contains("valid:", validator.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PackageScript_ZipsManifestAndIcons_WithThePlaceholdersFilled()
    {
        var output = Path.Combine(Path.GetTempPath(), "chatnetops-teams-" + Guid.NewGuid().ToString("N") + ".zip");
        try
        {
            using var script = ChildProcess.Start("bash", ["infra/teams/package.sh", "11111111-2222-3333-4444-555555555555", "66666666-2222-3333-4444-555555555555", "https://example.com", output], PlaygroundEnvironment.RepositoryRoot, new Dictionary<string, string>());
            Assert.Equal(0, await script.WaitForExitAsync(TimeSpan.FromSeconds(60)));

            using var zip = System.IO.Compression.ZipFile.OpenRead(output);
            Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order().ToArray());
            using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
            var manifest = await reader.ReadToEndAsync();
            Assert.DoesNotContain("${{", manifest, StringComparison.Ordinal);
            Assert.Contains("\"botId\": \"11111111-2222-3333-4444-555555555555\"", manifest, StringComparison.Ordinal);
            Assert.Contains("\"id\": \"66666666-2222-3333-4444-555555555555\"", manifest, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task PackageScript_RefusesABotIdThatIsNotAGuid()
    {
        using var script = ChildProcess.Start("bash", ["infra/teams/package.sh", "not-a-guid"], PlaygroundEnvironment.RepositoryRoot, new Dictionary<string, string>());
        Assert.Equal(2, await script.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }
}
