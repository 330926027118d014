namespace ChatNetOps.Azure.ServiceBus;

using Microsoft.Extensions.Options;

/// <summary>Fails start-up with what to fix when the options cannot connect (<see cref="ServiceBusOptions.Problem"/>).</summary>
internal sealed class ServiceBusOptionsValidator : IValidateOptions<ServiceBusOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceBusOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
