namespace ChatNetOps.Core;

/// <summary>
/// A setting the operator must fix before the process can start (an unknown provider name, a required setting left out).
/// The message names the key and what is wrong; the hosts and the CLI print it as one line and exit 1, without a stack
/// trace (see <c>src/Shared/ConfigurationFaults.cs</c>). Throw it only for configuration, never for a bug.
/// </summary>
public sealed class ConfigurationFaultException : InvalidOperationException
{
    public ConfigurationFaultException()
    {
    }

    public ConfigurationFaultException(string message)
        : base(message)
    {
    }

    public ConfigurationFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
