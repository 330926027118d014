namespace ChatNetOps.Execution.Tests.Credentials;

using ChatNetOps.Core.Execution;
using ChatNetOps.Execution.Credentials;
using Microsoft.Extensions.Logging.Abstractions;

public sealed class FileCredentialProviderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cno-creds-").FullName;
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);

    private string SecretsPath => Path.Combine(_dir, "credentials.json");

    [Fact]
    public async Task ReadsPasswordAndTokenFromTheFile()
    {
        WriteSecrets("""
            { "credentials": {
                "cisco-netops": { "username": "netops", "password": "s3cret" },
                "fortigate-api": { "api_token": "tok-123" } } }
            """);

        var cisco = await Provider().GetAsync("cisco-netops", CancellationToken.None);
        var forti = await Provider().GetAsync("fortigate-api", CancellationToken.None);

        Assert.Equal("netops", cisco.Username);
        Assert.Equal("s3cret", cisco.Password);
        Assert.Equal("tok-123", forti.ApiToken);
    }

    [Fact]
    public async Task PrivateKeyFile_IsReadRelativeToTheSecretsFile()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n");
        WriteSecrets("""{ "credentials": { "linux": { "username": "ops", "private_key_file": "id_ed25519", "private_key_passphrase": "pp" } } }""");

        var credential = await Provider().GetAsync("linux", CancellationToken.None);

        Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----", credential.PrivateKeyPem, StringComparison.Ordinal);
        Assert.Equal("pp", credential.PrivateKeyPassphrase);
    }

    [Fact]
    public async Task EnvironmentVariables_OverrideTheFileFieldByField()
    {
        WriteSecrets("""{ "credentials": { "cisco-netops": { "username": "netops", "password": "from-file" } } }""");
        _env["CHATNETOPS_CRED_CISCO_NETOPS_PASSWORD"] = "from-env";

        var credential = await Provider().GetAsync("cisco-netops", CancellationToken.None);

        Assert.Equal("netops", credential.Username);
        Assert.Equal("from-env", credential.Password);
    }

    [Fact]
    public async Task EnableSecret_IsReadFromTheFile()
    {
        WriteSecrets("""{ "credentials": { "cisco-ro": { "username": "ops", "password": "pw", "enable_secret": "en-from-file" } } }""");

        var credential = await Provider().GetAsync("cisco-ro", CancellationToken.None);

        Assert.Equal("en-from-file", credential.EnableSecret);
    }

    [Fact]
    public async Task EnableSecret_EnvironmentOverridesTheFile()
    {
        WriteSecrets("""{ "credentials": { "cisco-ro": { "username": "ops", "password": "pw", "enable_secret": "en-from-file" } } }""");
        _env["CHATNETOPS_CRED_CISCO_RO_ENABLE_SECRET"] = "en-from-env";

        var credential = await Provider().GetAsync("cisco-ro", CancellationToken.None);

        Assert.Equal("pw", credential.Password);
        Assert.Equal("en-from-env", credential.EnableSecret);
    }

    [Fact]
    public async Task EnableSecret_IsOptional()
    {
        WriteSecrets("""{ "credentials": { "cisco-netops": { "username": "netops", "password": "s3cret" } } }""");

        var credential = await Provider().GetAsync("cisco-netops", CancellationToken.None);

        Assert.Null(credential.EnableSecret);
    }

    [Fact]
    public async Task EnableSecretWithoutAUsername_IsRefusedWithTheFix()
    {
        _env["CHATNETOPS_CRED_CISCO_RO_ENABLE_SECRET"] = "en-only";

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Provider().GetAsync("cisco-ro", CancellationToken.None));

        Assert.Contains("CHATNETOPS_CRED_CISCO_RO_USERNAME", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("en-only", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnvironmentOnly_WorksWithoutAFile()
    {
        _env["CHATNETOPS_CRED_FW_EDGE_USERNAME"] = "admin";
        _env["CHATNETOPS_CRED_FW_EDGE_API_TOKEN"] = "tok";

        var credential = await Provider().GetAsync("fw.edge", CancellationToken.None);

        Assert.Equal("admin", credential.Username);
        Assert.Equal("tok", credential.ApiToken);
    }

    [Fact]
    public async Task UnknownReference_ThrowsCredentialNotFound()
    {
        WriteSecrets("""{ "credentials": {} }""");

        var ex = await Assert.ThrowsAsync<CredentialNotFoundException>(() => Provider().GetAsync("nope", CancellationToken.None));

        Assert.Equal("nope", ex.CredentialRef);
    }

    [Fact]
    public async Task GroupReadableFile_IsRefusedWithTheFix()
    {
        WriteSecrets("""{ "credentials": { "a": { "username": "u", "password": "p" } } }""", (UnixFileMode)0b110_100_000);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Provider().GetAsync("a", CancellationToken.None));

        Assert.Contains("chmod 600", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidJson_NamesTheFileButNotItsContent()
    {
        WriteSecrets("""{ "credentials": { "a": { "password": hunter2 } } }""");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Provider().GetAsync("a", CancellationToken.None));

        Assert.Contains(SecretsPath, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangedFile_IsReloaded()
    {
        WriteSecrets("""{ "credentials": { "a": { "username": "u", "password": "old" } } }""");
        var provider = Provider();
        var before = await provider.GetAsync("a", CancellationToken.None);

        WriteSecrets("""{ "credentials": { "a": { "username": "u", "password": "new" } } }""");
        File.SetLastWriteTimeUtc(SecretsPath, File.GetLastWriteTimeUtc(SecretsPath).AddSeconds(5));
        var after = await provider.GetAsync("a", CancellationToken.None);

        Assert.Equal("old", before.Password);
        Assert.Equal("new", after.Password);
    }

    [Fact]
    public async Task Credential_ToStringHidesSecrets()
    {
        _env["CHATNETOPS_CRED_X_USERNAME"] = "u";
        _env["CHATNETOPS_CRED_X_PASSWORD"] = "pw-visible?";
        _env["CHATNETOPS_CRED_X_ENABLE_SECRET"] = "enable-visible?";

        var credential = await Provider().GetAsync("x", CancellationToken.None);

        Assert.DoesNotContain("pw-visible?", credential.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("enable-visible?", credential.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cisco-netops", "PASSWORD", "CHATNETOPS_CRED_CISCO_NETOPS_PASSWORD")]
    [InlineData("fw.edge 01", "API_TOKEN", "CHATNETOPS_CRED_FW_EDGE_01_API_TOKEN")]
    [InlineData("ios.lab_ro", "ENABLE_SECRET", "CHATNETOPS_CRED_IOS_LAB_RO_ENABLE_SECRET")]
    public void VariableName_UpperCasesAndReplacesOtherCharacters(string reference, string field, string expected) =>
        Assert.Equal(expected, FileCredentialProvider.VariableName(reference, field));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private FileCredentialProvider Provider() =>
        new(new CredentialOptions { File = SecretsPath }, NullLogger<FileCredentialProvider>.Instance, name => _env.GetValueOrDefault(name));

    private void WriteSecrets(string json, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        File.WriteAllText(SecretsPath, json);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(SecretsPath, mode);
        }
    }
}
