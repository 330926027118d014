namespace ChatNetOps.Azure.Tests.Audit;

using ChatNetOps.Azure.Tests.Infrastructure;
using ChatNetOps.Azure.Tests.KeyVault;
using ChatNetOps.Core.Audit.Checkpoints;
using global::Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>The checkpoint key from a Key Vault secret, read over the secrets REST API of the local stand-in.</summary>
public sealed class KeyVaultAuditKeyRingTests : IAsyncLifetime
{
    private const string SecretName = "audit-checkpoint-key";
    private const string StandInVersion = "0123456789abcdef0123456789abcdef";
    private static readonly CancellationToken Ct = CancellationToken.None;
    private KeyVaultStandIn _vault = null!;
    private ServiceProvider _services = null!;

    private IAuditKeyRing Ring => _services.GetRequiredService<IAuditKeyRing>();

    public async Task InitializeAsync()
    {
        _vault = await KeyVaultStandIn.StartAsync();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Audit:Key:KeyVault:Uri"] = _vault.Uri.AbsoluteUri,
                ["Audit:Key:KeyVault:DisableChallengeResourceVerification"] = "true",
                ["Audit:Key:KeyVault:AcceptAnyServerCertificate"] = "true",
            }).Build())
            .AddSingleton<TokenCredential>(new StaticTokenCredential())
            .AddLogging()
            .AddChatNetOpsKeyVaultAuditKey()
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _vault.DisposeAsync();
    }

    [Fact]
    public async Task TheSecretsVersion_NamesTheKey_AndThatVersionVerifiesWhatItSigned()
    {
        _vault.Secrets[SecretName] = (Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), []);

        var key = await Ring.GetSigningKeyAsync(Ct);

        Assert.Equal($"keyvault:{SecretName}/{StandInVersion}", key.Id);
        ChainHead[] heads = [new("INC-1", 3, new string('c', 64))];
        var signed = AuditCheckpointCodec.Sign(
            new AuditCheckpoint(1, DateTimeOffset.UnixEpoch, AuditCheckpointReason.Requested, "test", true, heads, 1, AuditCheckpointCodec.StateHash(heads), AuditCheckpointCodec.Genesis, key.Id, string.Empty),
            key);
        var found = await Ring.FindAsync(signed.KeyId, Ct);
        Assert.NotNull(found);
        Assert.True(AuditCheckpointCodec.HasValidMac(signed, found));
        Assert.Null(await Ring.FindAsync("keyvault:another-secret/" + StandInVersion, Ct));
        Assert.Null(await Ring.FindAsync($"keyvault:{SecretName}/../x", Ct));
        Assert.Contains(SecretName, Ring.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingSecret_StopsTheKeyWithTheCommandThatCreatesIt()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Ring.GetSigningKeyAsync(Ct));

        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        Assert.Contains("az keyvault secret set", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AShortSecret_IsRefused()
    {
        _vault.Secrets[SecretName] = ("too-short", []);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Ring.GetSigningKeyAsync(Ct));

        Assert.Contains("less than 32 bytes", e.Message, StringComparison.Ordinal);
    }
}
