// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IModelRegistry} from "../interfaces/IModelRegistry.sol";

/// @title PackedSplit
/// @notice A revenue split in one uint64: holders ‖ developer ‖ operator ‖ protocol basis points,
/// 16 bits each, holders highest. The registry stores it so; the oracle fixes it in each request.
library PackedSplit {
    /// @notice Packs a split.
    function pack(IModelRegistry.Split memory split) internal pure returns (uint64) {
        return
            (uint64(split.holdersBps) << 48) |
            (uint64(split.developerBps) << 32) |
            (uint64(split.operatorBps) << 16) |
            uint64(split.protocolBps);
    }

    /// @notice Unpacks a split.
    function unpack(uint64 packed) internal pure returns (IModelRegistry.Split memory) {
        return IModelRegistry.Split(holdersBps(packed), developerBps(packed), operatorBps(packed), uint16(packed));
    }

    /// @notice The holders' share.
    function holdersBps(uint64 packed) internal pure returns (uint16) {
        return uint16(packed >> 48);
    }

    /// @notice The developer's share.
    function developerBps(uint64 packed) internal pure returns (uint16) {
        return uint16(packed >> 32);
    }

    /// @notice The operator's share.
    function operatorBps(uint64 packed) internal pure returns (uint16) {
        return uint16(packed >> 16);
    }
}
