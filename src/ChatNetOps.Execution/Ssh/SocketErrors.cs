namespace ChatNetOps.Execution.Ssh;

using System.Net.Sockets;

/// <summary>Socket failures as people read them in a result ("connection refused"), never the enum name ("ConnectionRefused").</summary>
internal static class SocketErrors
{
    public static string Describe(SocketException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused (nothing accepts connections on that port)",
            SocketError.TimedOut => "no answer (the connection attempt timed out)",
            SocketError.HostUnreachable => "host unreachable",
            SocketError.NetworkUnreachable => "network unreachable",
            SocketError.HostNotFound or SocketError.NoData => "host name not found",
            SocketError.TryAgain => "host name lookup failed for now (try again)",
            SocketError.ConnectionReset => "connection reset by the other side",
            SocketError.ConnectionAborted => "connection aborted",
            SocketError.AddressNotAvailable => "address not available",
            SocketError.AccessDenied => "access denied by the local system",
            SocketError.NetworkDown => "network down",
            _ => "network error (" + exception.Message.TrimEnd('.') + ")",
        };
    }
}
