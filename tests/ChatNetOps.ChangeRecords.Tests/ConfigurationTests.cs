namespace ChatNetOps.ChangeRecords.Tests;

using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

public sealed class ConfigurationTests
{
    private static OptionsValidationException Invalid(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddChatNetOpsSqliteStorage();
        services.AddChatNetOpsChangeRecords(runDispatcher: false);
        using var provider = services.BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ChangeRecordOptions>>().Value);
    }

    [Fact]
    public void ServiceNow_WithoutCredentials_FailsWithAFixItMessage()
    {
        var failure = Invalid(new() { ["ChangeRecords:Sink"] = "ServiceNow", ["ChangeRecords:ServiceNow:InstanceUrl"] = "https://example.service-now.com" });

        Assert.Contains(failure.Failures, f => f.Contains("ChangeRecords:ServiceNow:ClientId and ClientSecret", StringComparison.Ordinal) && f.Contains("Username and Password", StringComparison.Ordinal));
    }

    [Fact]
    public void ServiceNow_PlainHttpInstance_IsRefused_AndTheSecretIsNotEchoed()
    {
        var failure = Invalid(new()
        {
            ["ChangeRecords:Sink"] = "ServiceNow",
            ["ChangeRecords:ServiceNow:InstanceUrl"] = "http://example.service-now.com",
            ["ChangeRecords:ServiceNow:Username"] = "bot",
            ["ChangeRecords:ServiceNow:Password"] = "hunter2-DO-NOT-LOG",
            ["ChangeRecords:ServiceNow:ChangeType"] = "standard",
        });

        Assert.Contains(failure.Failures, f => f.Contains("InstanceUrl must be an absolute https URL", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("StandardTemplate", StringComparison.Ordinal));
        Assert.DoesNotContain("hunter2", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Jira_WithoutProject_AndWebhookSecretWithoutPrefix_FailWithFixItMessages()
    {
        var jira = Invalid(new() { ["ChangeRecords:Sink"] = "Jira", ["ChangeRecords:Jira:BaseUrl"] = "https://example.atlassian.net", ["ChangeRecords:Jira:BearerToken"] = "t" });
        Assert.Contains(jira.Failures, f => f.Contains("ChangeRecords:Jira:Project", StringComparison.Ordinal));

        var hook = Invalid(new() { ["ChangeRecords:Sink"] = "Webhook", ["ChangeRecords:Webhook:Url"] = "https://hooks.example.net/x", ["ChangeRecords:Webhook:Secret"] = "plain-secret-DO-NOT-LOG" });
        Assert.Contains(hook.Failures, f => f.Contains("'whsec_'", StringComparison.Ordinal));
        Assert.DoesNotContain("plain-secret", hook.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ServiceNow", "ChangeRecords:ServiceNow:InstanceUrl", "https://example.service-now.com")]
    [InlineData("Jira", "ChangeRecords:Jira:BaseUrl", "https://example.atlassian.net")]
    [InlineData("Webhook", "ChangeRecords:Webhook:Url", "https://hooks.example.net/chatnetops")]
    public void MissingUrl_NamesTheKeyWithAnExampleOfThatSink(string sink, string key, string example)
    {
        // Before, every sink's URL error gave the ServiceNow example, the webhook's too.
        var failure = Invalid(new() { ["ChangeRecords:Sink"] = sink });

        Assert.Contains($"{key} must be an absolute https URL (http only on 127.0.0.1), e.g. {example}.", failure.Failures);
    }

    [Fact]
    public void UnknownSinkOrEvent_FailsWithTheChoices()
    {
        var failure = Invalid(new() { ["ChangeRecords:Sink"] = "Remedy", ["ChangeRecords:Events"] = "Approved,Exploded" });

        Assert.Contains(failure.Failures, f => f.Contains("use ServiceNow, Jira, Webhook or None", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("'Exploded'", StringComparison.Ordinal) && f.Contains("IncidentClosed", StringComparison.Ordinal));
    }

    [Fact]
    public void NoSink_QueuesNothing()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db") }).Build());
        services.AddLogging();
        services.AddChatNetOpsSqliteStorage();
        services.AddChatNetOpsChangeRecords(runDispatcher: false);
        using var provider = services.BuildServiceProvider();

        var subscription = provider.GetRequiredService<ChangeRecordSubscription>();

        Assert.Empty(subscription.Sinks);
        Assert.False(subscription.Wants(Core.Audit.AuditKind.Approved));
    }
}
