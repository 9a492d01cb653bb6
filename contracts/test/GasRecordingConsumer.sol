// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Test-only consumer: records the gas its callback was given (the first thing it reads,
/// before any calldata decoding), to prove the oracle passes the full gas limit.
contract GasRecordingConsumer {
    uint256 public gasAtEntry;

    // solhint-disable-next-line no-complex-fallback
    fallback() external {
        // Assembly: read the gas before the compiler's own entry code can spend any.
        assembly {
            sstore(0, gas())
        }
    }
}
