// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelToken} from "../interfaces/IModelToken.sol";

// solhint-disable no-complex-fallback, avoid-low-level-calls
/// @notice Test-only adversary: a holder whose receive hook re-enters the token during a payout
/// (claim, claimFor, claimMany, burn) and records whether the re-entry succeeded.
contract ReentrantClaimer {
    enum Attack {
        None,
        Claim,
        ClaimFor,
        Burn,
        Transfer
    }

    IModelToken public immutable token;
    Attack public attack;
    bool public reentered;
    bool public reentrySucceeded;
    uint256 public received;

    constructor(IModelToken token_) {
        token = token_;
    }

    function setAttack(Attack attack_) external {
        attack = attack_;
    }

    function claim() external returns (uint256) {
        return token.claim();
    }

    function burn(uint256 amount) external {
        token.burn(amount);
    }

    function transfer(address to, uint256 amount) external {
        token.transfer(to, amount);
    }

    receive() external payable {
        received += msg.value;
        if (attack == Attack.None || reentered) return;
        reentered = true;
        bool ok;
        if (attack == Attack.Claim) {
            (ok, ) = address(token).call(abi.encodeCall(IModelToken.claim, ()));
        } else if (attack == Attack.ClaimFor) {
            (ok, ) = address(token).call(abi.encodeCall(IModelToken.claimFor, (address(this))));
        } else if (attack == Attack.Burn) {
            (ok, ) = address(token).call(abi.encodeCall(IModelToken.burn, (1)));
        } else {
            // Transfers are not guarded: the state is settled before the payout, so moving tokens
            // inside the callback must not earn anything twice.
            (ok, ) = address(token).call(abi.encodeWithSignature("transfer(address,uint256)", msg.sender, 1));
        }
        reentrySucceeded = ok;
    }
}
