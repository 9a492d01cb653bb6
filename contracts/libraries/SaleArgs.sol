// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IIMOSale} from "../interfaces/IIMOSale.sol";

/// @title SaleArgs
/// @notice The immutable arguments of an `IMOSale` clone: its `Terms`, packed (186 bytes) into the
/// clone's code so creating a sale writes no storage.
/// Layout: token (20) ‖ developer (20) ‖ price (12) ‖ softCap (12) ‖ hardCap (12) ‖ walletCap (12)
/// ‖ start (5) ‖ end (5) ‖ allowlistRoot (32) ‖ protocolFeeBps (2) ‖ treasury (20) ‖
/// liquidityShareBps (2) ‖ liquidityRecipient (20) ‖ saleSupply (12).
library SaleArgs {
    /// @notice Packs the terms.
    function encode(IIMOSale.Terms memory t) internal pure returns (bytes memory) {
        return
            bytes.concat(
                abi.encodePacked(t.token, t.developer, t.price, t.softCap, t.hardCap, t.walletCap, t.start, t.end),
                abi.encodePacked(
                    t.allowlistRoot,
                    t.protocolFeeBps,
                    t.treasury,
                    t.liquidityShareBps,
                    t.liquidityRecipient,
                    t.saleSupply
                )
            );
    }

    /// @notice Unpacks the terms from `args` (as returned by `Clones.fetchCloneArgs`).
    function decode(bytes memory args) internal pure returns (IIMOSale.Terms memory t) {
        t.token = address(bytes20(_word(args, 0)));
        t.developer = address(bytes20(_word(args, 20)));
        t.price = uint96(bytes12(_word(args, 40)));
        t.softCap = uint96(bytes12(_word(args, 52)));
        t.hardCap = uint96(bytes12(_word(args, 64)));
        t.walletCap = uint96(bytes12(_word(args, 76)));
        t.start = uint40(bytes5(_word(args, 88)));
        t.end = uint40(bytes5(_word(args, 93)));
        t.allowlistRoot = _word(args, 98);
        t.protocolFeeBps = uint16(bytes2(_word(args, 130)));
        t.treasury = address(bytes20(_word(args, 132)));
        t.liquidityShareBps = uint16(bytes2(_word(args, 152)));
        t.liquidityRecipient = address(bytes20(_word(args, 154)));
        t.saleSupply = uint96(bytes12(_word(args, 174)));
    }

    /// @dev The 32 bytes of `data` at `offset` (zero past the end).
    function _word(bytes memory data, uint256 offset) private pure returns (bytes32 word) {
        // Assembly: one mload instead of a 32-iteration byte copy; reads inside `data`'s allocation
        // or the zero-initialised bytes after it, and callers keep only the leading bytes they own.
        assembly ("memory-safe") {
            word := mload(add(add(data, 0x20), offset))
        }
    }
}
