namespace ChatNetOps.Execution.Tests.Lab;

using System.ComponentModel.DataAnnotations;
using ChatNetOps.Core.Execution;
using ChatNetOps.Execution.Lab;
using Microsoft.Extensions.DependencyInjection;

public sealed class LabOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        var options = new LabOptions();

        Assert.True(TryValidate(options, out var errors), string.Join("; ", errors));
        Assert.Equal(TimeSpan.FromMilliseconds(150), options.Latency);
        Assert.Equal(0, options.FailureRate);
        Assert.Equal(TimeSpan.FromSeconds(30), options.OspfRecovery);
    }

    [Fact]
    public void FailureRateAboveOne_IsRejectedNamingTheKey()
    {
        var options = new LabOptions { FailureRate = 1.5 };

        Assert.False(TryValidate(options, out var errors));
        Assert.Contains(errors, e => e.Contains("Lab:FailureRate", StringComparison.Ordinal));
    }

    [Fact]
    public void NegativeDeviceLatency_IsRejectedNamingTheDevice()
    {
        var options = new LabOptions();
        options.Devices["fw-edge-02"] = new LabDeviceOptions { Latency = TimeSpan.FromSeconds(-1) };

        Assert.False(TryValidate(options, out var errors));
        Assert.Contains(errors, e => e.Contains("Lab:Devices:fw-edge-02:Latency", StringComparison.Ordinal));
    }

    [Fact]
    public void ForDevice_IsCaseInsensitive()
    {
        var options = new LabOptions();
        options.Devices["FW-EDGE-02"] = new LabDeviceOptions { Fail = true };

        Assert.True(options.ForDevice("fw-edge-02")?.Fail);
        Assert.Null(options.ForDevice("fw-edge-01"));
    }

    [Fact]
    public void AddChatNetOpsExecution_RegistersTheLabExecutorAsASingletonDeviceExecutor()
    {
        var services = new ServiceCollection();

        services.AddChatNetOpsExecution();

        var executor = Assert.Single(services, d => d.ServiceType == typeof(IDeviceExecutor) && d.ImplementationType == typeof(LabExecutor));
        Assert.Equal(ServiceLifetime.Singleton, executor.Lifetime);
        Assert.Equal(typeof(LabExecutor), executor.ImplementationType);
        Assert.Contains(services, d => d.ServiceType == typeof(LabNetwork) && d.Lifetime == ServiceLifetime.Singleton);
        Assert.Contains(services, d => d.ServiceType == typeof(TimeProvider));
    }

    private static bool TryValidate(LabOptions options, out List<string> errors)
    {
        var results = new List<ValidationResult>();
        var ok = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        errors = results.Select(r => r.ErrorMessage ?? string.Empty).ToList();
        return ok;
    }
}
