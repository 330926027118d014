namespace ChatNetOps.Teams.Tests.Infrastructure;

using System.Security.Cryptography;

public sealed record TestKey(string Kid, RSA Rsa, string[] Endorsements);
