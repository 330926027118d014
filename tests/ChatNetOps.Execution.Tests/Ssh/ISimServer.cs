namespace ChatNetOps.Execution.Tests.Ssh;

/// <summary>An sshd whose ForceCommand is the device simulator, serving <see cref="SimDevice"/> users.</summary>
public interface ISimServer
{
    /// <summary>Where the worker dials it (directly, or from the last jump host).</summary>
    string Address { get; }

    int Port { get; }

    /// <summary>The server's host key fingerprint as <c>ssh-keygen -lf</c> prints it.</summary>
    string HostKeyFingerprint { get; }

    /// <summary>The private key every simulated device's user accepts.</summary>
    string ClientKeyPem { get; }

    /// <summary>Successful logins the server recorded for a user (one per SSH connection).</summary>
    int CountLogins(string user);
}
