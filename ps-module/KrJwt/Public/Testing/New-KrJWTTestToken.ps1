<#
    .SYNOPSIS
        FOR TESTS: a hostile token that differs from one the builder would issue by exactly one defect.
    .DESCRIPTION
        FOR TESTS ONLY: use it to prove that your API refuses bad tokens, never to issue tokens. The native
        library builds the token the builder would issue now, then gives it one defect, signing it with the
        builder's own key wherever the defect allows, so the defect is the only reason to refuse it:

          Expired            the validity window moved into the past (exp 25 h ago)    TokenExpired
          NotYetValid        nbf and exp moved 25 h into the future                     TokenNotYetValid
          WrongIssuer        iss with '-wrong' appended                                 InvalidIssuer
          WrongAudience      every aud with '-wrong' appended                           InvalidAudience
          TamperedPayload    payload changed after signing (sub + '-tampered')          InvalidSignature
          TamperedSignature  one bit of the signature flipped                           InvalidSignature
          AlgNone            alg 'none' and an empty signature                          MalformedToken
          AlgConfusion       HS256 keyed with the PEM text of the public key            AlgorithmNotAllowed
          UnknownKid         kid with '-unknown' appended, signed with the builder's key NoMatchingKey
          WrongKey           signed with a freshly generated key of the same algorithm  InvalidSignature
          MissingExp         no exp claim                                               MissingClaim
          DuplicateClaim     the payload's first member written twice                   MalformedToken
          Oversized          a padding claim makes it larger than the 256 KiB cap       TokenTooLarge
          CritUnknown        crit names a header member nobody understands              UnsupportedCriticalHeader

        The reason on the right is what validation parameters made from the builder's result refuse the
        token with (Get-KrJWTTestTokenSet gives it with each token). Some defects need something of the
        builder: WrongIssuer an issuer, WrongAudience an audience, AlgConfusion an RSA, EC or Ed25519 key,
        UnknownKid a key id; asking for one the builder cannot have is an error (KrJwt.InvalidArgument), as
        is a builder without key (KrJwt.NotProtected) or one that encrypts (test
        tokens are signed tokens). -Defect completes with Tab. The builder is not changed.
    .PARAMETER Builder
        The builder whose tokens your API accepts (issuer, audience, key). Accepts pipeline input.
    .PARAMETER Defect
        The defect's name (case-insensitive): Expired, NotYetValid, WrongIssuer, WrongAudience,
        TamperedPayload, TamperedSignature, AlgNone, AlgConfusion, UnknownKid, WrongKey, MissingExp,
        DuplicateClaim, Oversized or CritUnknown.
    .OUTPUTS
        System.String
    .EXAMPLE
        $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey ('ab' * 32)
        $expired = $builder | New-KrJWTTestToken -Defect Expired
        (Test-KrJWT -Token $expired -ValidationParameter ($builder | Build-KrJWT | Get-KrJWTValidationParameter) -PassThru).Reason
        # Output:
        # TokenExpired

        An expired token signed with the builder's key: refused as expired, for no other reason.
    .EXAMPLE
        $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -Key (New-KrJWTKey -Type EC)
        (New-KrJWTTestToken -Builder $builder -Defect AlgConfusion | Get-KrJWTInfo).Algorithm
        # Output:
        # HS256

        The classic key-confusion attack: an HS256 token whose secret is the EC public key's PEM text.
    .LINK
        about_KrJwt
    .LINK
        Get-KrJWTTestTokenSet
#>
function New-KrJWTTestToken {
    [CmdletBinding(PositionalBinding = $false)]
    [OutputType([string])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [KrJwt.JwtBuilder] $Builder,

        # The library's list (pester/Testing.Tests.ps1 compares them); the library checks the name again.
        [Parameter(Mandatory)]
        [ValidateSet('Expired', 'NotYetValid', 'WrongIssuer', 'WrongAudience', 'TamperedPayload', 'TamperedSignature', 'AlgNone',
            'AlgConfusion', 'UnknownKid', 'WrongKey', 'MissingExp', 'DuplicateClaim', 'Oversized', 'CritUnknown')]
        [string] $Defect
    )

    process {
        try {
            $Builder.TestToken($Defect).Token
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Defect -Cmdlet $PSCmdlet
            throw
        }
    }
}
