// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title ModelTokenArgs
/// @notice The immutable arguments of a `ModelToken` clone (EIP-1167 with appended args), fixed
/// at creation and read from the clone's own code instead of storage.
/// Layout (packed): registry (20 bytes) ‖ modelId (8) ‖ reserveBps (2) ‖ len(name) (1) ‖ name ‖
/// len(symbol) (1) ‖ symbol.
library ModelTokenArgs {
    /// @notice Offset of `modelId` in the args.
    uint256 internal constant MODEL_ID_OFFSET = 20;
    /// @notice Offset of `reserveBps` in the args.
    uint256 internal constant RESERVE_BPS_OFFSET = 28;
    /// @notice Offset of the name's length byte in the args.
    uint256 internal constant NAME_OFFSET = 30;

    /// @notice Packs the arguments; `name` and `symbol` must be at most 255 bytes (checked by the caller).
    function encode(
        address registry,
        uint256 modelId,
        uint16 reserveBps,
        string memory name,
        string memory symbol
    ) internal pure returns (bytes memory) {
        return
            abi.encodePacked(
                registry,
                uint64(modelId),
                reserveBps,
                uint8(bytes(name).length),
                name,
                uint8(bytes(symbol).length),
                symbol
            );
    }
}
