namespace ChatNetOps.Azure.Tests.KeyVault;

using ChatNetOps.Azure.Tests.Infrastructure;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using global::Azure.Core;

public sealed class KeyVaultCredentialProviderTests : IAsyncLifetime
{
    private const string Pem = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero));
    private readonly StaticTokenCredential _credential = new();
    private KeyVaultStandIn _vault = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _vault = await KeyVaultStandIn.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["KeyVault:Uri"] = _vault.Uri.AbsoluteUri,
            ["KeyVault:CacheDuration"] = "00:05:00",
            ["KeyVault:DisableChallengeResourceVerification"] = "true",
            ["KeyVault:AcceptAnyServerCertificate"] = "true",
        }).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton<TokenCredential>(_credential)
            .AddLogging()
            .AddChatNetOpsKeyVaultCredentials()
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _vault.DisposeAsync();
    }

    [Fact]
    public async Task Get_JsonSecret_ReturnsEveryFieldAndAsksForTheVaultScope()
    {
        _vault.Secrets["lab-fw-admin"] = ("""{"username":"netops","password":"s3cr3t!","apiToken":"tok"}""", []);

        var credential = await Provider.GetAsync("lab-fw-admin", Ct);

        Assert.Equal("netops", credential.Username);
        Assert.Equal("s3cr3t!", credential.Password);
        Assert.Equal("tok", credential.ApiToken);
        Assert.Contains("https://vault.azure.net/.default", _credential.Scopes);
        Assert.DoesNotContain("s3cr3t!", credential.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_JsonSecretWithEnableSecret_ReturnsItAndToStringHidesIt()
    {
        _vault.Secrets["cisco-ro"] = ("""{"username":"ops","password":"pw","enableSecret":"en-s3cret"}""", []);

        var credential = await Provider.GetAsync("cisco-ro", Ct);

        Assert.Equal("pw", credential.Password);
        Assert.Equal("en-s3cret", credential.EnableSecret);
        Assert.DoesNotContain("en-s3cret", credential.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_JsonSecretWithoutEnableSecret_HasNone()
    {
        _vault.Secrets["cisco-netops"] = ("""{"username":"netops","password":"pw"}""", []);

        Assert.Null((await Provider.GetAsync("cisco-netops", Ct)).EnableSecret);
    }

    [Fact]
    public async Task Get_BarePemWithUsernameTag_ReturnsAPrivateKey()
    {
        _vault.Secrets["lab-linux-key"] = (Pem, new() { ["username"] = "frr" });

        var credential = await Provider.GetAsync("lab-linux-key", Ct);

        Assert.Equal("frr", credential.Username);
        Assert.Equal(Pem, credential.PrivateKeyPem);
        Assert.Null(credential.Password);
    }

    [Fact]
    public async Task Get_ReferenceWithCharactersKeyVaultRefuses_ReadsTheDashedName()
    {
        _vault.Secrets["ios-lab-ro"] = ("pw", new() { ["username"] = "ro" });

        Assert.Equal("pw", (await Provider.GetAsync("ios.lab_ro", Ct)).Password);
    }

    [Fact]
    public async Task Get_UnknownReference_ThrowsCredentialNotFound()
    {
        var error = await Assert.ThrowsAsync<CredentialNotFoundException>(() => Provider.GetAsync("nope", Ct));

        Assert.Equal("nope", error.CredentialRef);
    }

    [Fact]
    public async Task Get_WithinTheCacheDuration_ReadsTheVaultOnce_ThenAgainAfterIt()
    {
        _vault.Secrets["cached"] = ("pw", new() { ["username"] = "u" });
        await Provider.GetAsync("cached", Ct);
        var reads = _vault.SecretReads;

        await Provider.GetAsync("cached", Ct);
        Assert.Equal(reads, _vault.SecretReads);

        _time.Advance(TimeSpan.FromMinutes(5));
        await Provider.GetAsync("cached", Ct);
        Assert.Equal(reads + 1, _vault.SecretReads);
    }

    [Fact]
    public async Task Get_SecretWithoutAUser_ThrowsWithoutQuotingTheSecret()
    {
        _vault.Secrets["no-user"] = ("hunter2", []);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Provider.GetAsync("no-user", Ct));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadinessProbe_ReachableVault_IsReady()
    {
        var probe = _services.GetServices<IReadinessProbe>().Single(p => p.Name == "keyvault");

        Assert.Null(await probe.CheckAsync(Ct));
    }

    private ICredentialProvider Provider => _services.GetRequiredService<ICredentialProvider>();
}
