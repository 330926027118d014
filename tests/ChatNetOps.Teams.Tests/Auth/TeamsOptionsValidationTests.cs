namespace ChatNetOps.Teams.Tests.Auth;

using ChatNetOps.Teams.Hosting;
using ChatNetOps.Teams.Tests.Infrastructure;
using Microsoft.Extensions.Options;

public sealed class TeamsOptionsValidationTests
{
    private static readonly TeamsOptionsValidator Validator = new();

    [Fact]
    public void SingleTenantWithoutTenantId_FailsWithHowToFixIt()
    {
        var result = Validator.Validate(null, new TeamsOptions { MicrosoftAppId = TeamsBotFactory.AppId, MicrosoftAppType = "SingleTenant", MicrosoftAppPassword = "secret" });
        Assert.True(result.Failed);
        Assert.Contains("MicrosoftAppTenantId is required for a SingleTenant bot", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyAppType_MeansSingleTenant()
    {
        var result = Validator.Validate(null, new TeamsOptions { MicrosoftAppId = TeamsBotFactory.AppId, MicrosoftAppPassword = "secret" });
        Assert.Contains("MicrosoftAppTenantId", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void UserAssignedMsiWithAPassword_Fails()
    {
        var result = Validator.Validate(null, new TeamsOptions { MicrosoftAppId = TeamsBotFactory.AppId, MicrosoftAppType = "UserAssignedMSI", MicrosoftAppTenantId = TeamsBotFactory.TenantId, MicrosoftAppPassword = "secret" });
        Assert.True(result.Failed);
    }

    [Fact]
    public void MultiTenantWithAPassword_Succeeds()
    {
        var options = new TeamsOptions { MicrosoftAppId = TeamsBotFactory.AppId, MicrosoftAppType = "MultiTenant", MicrosoftAppPassword = "secret" };
        options.AllowedTenants.Add(TeamsBotFactory.TenantId);
        var result = Validator.Validate(null, options);
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void MultiTenantWithoutAllowedTenants_Fails()
    {
        var result = Validator.Validate(null, new TeamsOptions { MicrosoftAppId = TeamsBotFactory.AppId, MicrosoftAppType = "MultiTenant", MicrosoftAppPassword = "secret" });
        Assert.Contains("Teams:AllowedTenants is required for a MultiTenant bot", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowedTenantThatIsNotAGuid_Fails()
    {
        var options = new TeamsOptions { MicrosoftAppId = TeamsBotFactory.AppId, MicrosoftAppType = "SingleTenant", MicrosoftAppTenantId = TeamsBotFactory.TenantId, MicrosoftAppPassword = "secret" };
        options.AllowedTenants.Add("contoso.onmicrosoft.com");
        Assert.Contains("Teams:AllowedTenants must list Entra tenant ids", Validator.Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void SingleTenantWithoutAllowedTenants_AllowsItsOwnTenantOnly()
    {
        var options = new TeamsOptions { MicrosoftAppId = TeamsBotFactory.AppId, MicrosoftAppType = "SingleTenant", MicrosoftAppTenantId = TeamsBotFactory.TenantId, MicrosoftAppPassword = "secret" };
        Assert.Equal([TeamsBotFactory.TenantId], options.EffectiveAllowedTenants!);
        Assert.Null(new TeamsOptions().EffectiveAllowedTenants);
    }

    [Fact]
    public void UnknownAppType_Fails()
    {
        var result = Validator.Validate(null, new TeamsOptions { MicrosoftAppId = TeamsBotFactory.AppId, MicrosoftAppType = "Federated", MicrosoftAppTenantId = TeamsBotFactory.TenantId, MicrosoftAppPassword = "secret" });
        Assert.Contains("MicrosoftAppType 'Federated' is not known", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainHttpMetadataOffLoopback_Fails()
    {
        var result = Validator.Validate(null, new TeamsOptions { OpenIdMetadataUrl = new Uri("http://login.botframework.com/v1/.well-known/openidconfiguration") });
        Assert.Contains("must be https", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BotStartup_WithSingleTenantAndNoTenantId_Stops()
    {
        await using var bot = new TeamsBotFactory();
        bot.Settings["MicrosoftAppId"] = TeamsBotFactory.AppId;
        bot.Settings["MicrosoftAppType"] = "SingleTenant";
        bot.Settings["MicrosoftAppPassword"] = "secret";

        var error = Assert.ThrowsAny<OptionsValidationException>(() => bot.Server);
        Assert.Contains("MicrosoftAppTenantId", error.Message, StringComparison.Ordinal);
    }
}
